/**
 * Draws the workflow as a Mermaid flowchart from the synthesized ASL (Next, Choices, Default, Catch), so the
 * README picture and the web app's diagram cannot drift from the state machine itself.
 */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, Record<string, unknown>>;
}

export function workflowMermaid(definition: AslDefinition): string {
  const lines = ['flowchart TD', `  start((Nộp / Submit)) --> ${definition.StartAt}`];
  for (const [name, state] of Object.entries(definition.States)) {
    const type = state.Type;
    lines.push(type === 'Choice' ? `  ${name}{${name}}` : type === 'Succeed' || type === 'Fail' ? `  ${name}([${name}])` : `  ${name}[${name}]`);
    if (typeof state.Next === 'string') lines.push(`  ${name} --> ${state.Next}`);
    for (const choice of (state.Choices as { Next: string; StringEquals?: string; BooleanEquals?: boolean; And?: { StringEquals?: string }[] }[] | undefined) ?? []) {
      // An And (ResumeOrStart: resumeAt is present and names this step) is labelled by the value it tests.
      const label = choice.StringEquals ?? choice.And?.find((c) => c.StringEquals !== undefined)?.StringEquals ?? String(choice.BooleanEquals);
      lines.push(`  ${name} -->|${label}| ${choice.Next}`);
    }
    if (typeof state.Default === 'string') lines.push(`  ${name} -->|otherwise| ${state.Default}`);
    for (const c of (state.Catch as { ErrorEquals: string[]; Next: string }[] | undefined) ?? []) {
      lines.push(`  ${name} -.->|${c.ErrorEquals.join(', ')}| ${c.Next}`);
    }
  }
  return lines.join('\n');
}
