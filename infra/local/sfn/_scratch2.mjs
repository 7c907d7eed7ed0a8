if (!Promise.withResolvers) Promise.withResolvers = function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
const { StateMachine } = await import('aws-local-stepfunctions');
// Is a definition with unreachable states (StartAt moved) valid?
const def = { StartAt: 'B', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } };
try { new StateMachine(def); console.log('unreachable ok'); } catch (e) { console.log('unreachable invalid', e.message) }
// nested map: do overrides reach nested states? context Execution in nested?
const def2 = { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:x', Parameters: { 'v.$': '$', 'id.$': '$$.Execution.Id' }, End: true } } }, End: true } } };
const r = new StateMachine(def2).run({ items: [1, 2] }, { context: { Execution: { Id: 'E' } }, overrides: { taskResourceLocalHandlers: { T: async (i) => i } } });
console.log(JSON.stringify(await r.result));
for await (const e of r.eventLogs) console.log(e.type, e.state?.name ?? e.parentState?.name, e.index);
