// Standard output of the CLI, whole through pipes: writes wait when the pipe is full (a slow reader never makes
// the process buffer a whole batch), the process exits only once everything written has reached the pipe, and a
// reader that stops early (`| head -3`) ends the CLI quietly with status 0 (EPIPE) instead of a stack trace.
// `process.exit()` right after a write to a pipe would drop what was still queued: that is what this avoids.

let installed = false;
let readerGone = false;

/** Called once at start-up: EPIPE on stdout → exit 0 at once (no one reads any more); stderr errors are ignored. */
export function installOutputGuards(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      readerGone = true;
      // Nothing more can be delivered; a quiet success, like other command-line tools under `| head`.
      process.exit(0);
    }
    try {
      process.stderr.write(`leanscout: cannot write the output: ${err.message}\n`);
    } catch {
      /* stderr gone too */
    }
    process.exit(1);
  });
  // A closed stderr (`2>&-`, a reader gone) must not crash the command: progress is optional.
  process.stderr.on('error', () => undefined);
}

/** Writes to stdout; resolves once the stream can take more (at once, unless the pipe is full). */
export function writeOut(text: string): Promise<void> {
  if (readerGone) return Promise.resolve();
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      process.stdout.off('drain', done);
      process.stdout.off('close', done);
      resolve();
    };
    process.stdout.on('drain', done);
    process.stdout.on('close', done);
  });
}

/** Resolves once everything written so far to `stream` has been handed to the OS (its callback order is write order). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise<void>((resolve) => {
    if (stream.destroyed || stream.writableEnded) {
      resolve();
      return;
    }
    try {
      stream.write('', () => resolve());
    } catch {
      resolve();
    }
  });
}

/** Exits with `code` once stdout and stderr have been written out (never loses queued output). */
export async function exitWhenFlushed(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
