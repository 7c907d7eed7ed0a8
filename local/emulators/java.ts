import { spawnSync } from 'node:child_process';

/** DynamoDB Local 3.x is built for Java 17; older JVMs fail with an unreadable class-version error. */
export const MINIMUM_JAVA_MAJOR = 17;

/** Versions already found good, by PATH. */
const checked = new Map<string, number>();

const installHelp =
  `DynamoDB Local needs a Java ${MINIMUM_JAVA_MAJOR}+ runtime on PATH. Install one, then run again:\n` +
  '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y default-jre-headless\n' +
  '  macOS:         brew install openjdk@17';

/**
 * Fails fast with install instructions when `java` is missing or too old, instead of letting the emulator die
 * later with a spawn ENOENT. Returns the detected major version.
 */
export function assertJava(): number {
  // A JVM start costs ~100 ms; callers (runtime, each startDynamoDb) may ask repeatedly with the same PATH.
  // Only successes are remembered: after a failure the user may have installed Java meanwhile.
  const key = process.env.PATH ?? '';
  const known = checked.get(key);
  if (known !== undefined) return known;
  const major = detectJava();
  checked.set(key, major);
  return major;
}

function detectJava(): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `java -version exited with ${String(result.status)}`;
    throw new Error(`${installHelp}\n(${reason})`);
  }
  // `java -version` prints to stderr: `openjdk version "17.0.15" ...` or `java version "1.8.0_292"`.
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const first = Number(version?.[1] ?? NaN);
  const major = first === 1 ? Number(version?.[2] ?? NaN) : first;
  if (!Number.isFinite(major)) throw new Error(`${installHelp}\n(could not read the version from java -version)`);
  if (major < MINIMUM_JAVA_MAJOR) throw new Error(`${installHelp}\n(found Java ${major})`);
  return major;
}

/** The message used when spawning java fails later (for example PATH changed after assertJava). */
export function javaInstallHelp(): string {
  return installHelp;
}
