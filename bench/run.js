// Kept for the benchmark scripts: see scripts/ts-run.js.
require('../scripts/ts-run.js');
