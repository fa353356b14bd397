// Preloaded (`node --require`) into every cold-start run: at exit, the process's peak RSS
// (maxRSS, KiB) goes to fd 3, a pipe the benchmark opened, so the output is untouched.
// CommonJS, so that it does not start the ES module loader in a process that has none.
const { writeSync } = require('node:fs');

process.on('exit', () => {
	try {
		writeSync(3, `${process.resourceUsage().maxRSS}\n`);
	} catch {
		// Run by hand, without the pipe: nothing to report to.
	}
});
