/**
 * A capture thread that fails (for test/unit/threaded-files.test.ts): it passes on some frames
 * not decoded and then ends without its last record, as a thread that ran out of memory would.
 */
import { workerData } from 'node:worker_threads';
import { RingWriter } from '../../src/capture/frame-ring.js';

const ring = new RingWriter((workerData as { shared: SharedArrayBuffer }).shared);
ring.skip(5, Float64Array.of(-Infinity, 1795561300, 1795561301), 3);
ring.flush();
process.exit(1);
