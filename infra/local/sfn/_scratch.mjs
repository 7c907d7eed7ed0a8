if (!Promise.withResolvers) Promise.withResolvers = function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
const { StateMachine } = await import('aws-local-stepfunctions');
let n = 0;
const def = { StartAt: 'W', States: { W: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'arn:aws:lambda:ap-southeast-1:123456789012:function:reg', Payload: { 'taskToken.$': '$$.Task.Token', 'id.$': '$$.Execution.Id', 'x.$': '$.x' } }, TimeoutSeconds: 1, End: true } } };
const sm = new StateMachine(def);
const ctx = { Execution: { Id: 'arn:exec', Name: 'n' }, Task: { get Token() { n++; return 'tok' + n; } } };
const ex = sm.run({ x: 1 }, { context: ctx, overrides: { taskResourceLocalHandlers: { W: async (input) => { console.log('override input', JSON.stringify(input), 'reads', n); return { ok: 1 }; } } } });
console.log(await ex.result);
for await (const e of ex.eventLogs) console.log(e.type, JSON.stringify(e.state ?? e.input ?? ''));
// timeout class bootstrap
const def2 = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:x', TimeoutSeconds: 0.001, End: true } } };
const r = new StateMachine(def2, { validationOptions: { noValidate: true } }).run(null, { overrides: { taskResourceLocalHandlers: { T: () => new Promise(() => {}) } } });
try { await r.result } catch (e) { console.log(e.name, e.cause?.name, e.cause?.constructor?.name, e.cause?.isRetryable) }
// Lambda ARN validation of CDK-ish Resource
try { new StateMachine({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:ap-southeast-1:123456789012:function:my-fn', TimeoutSeconds: 2147483, End: true } } }); console.log('valid big timeout'); } catch (e) { console.log(e.message) }
