// Imported first by the export/import scripts: the SDK prints its Node-upgrade notice when its modules load,
// and the scripts run on Node 20 here too (the local runtime silences it the same way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
