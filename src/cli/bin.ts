// The one place that exits. main() maps every error to its exit code; this catch is for a failure to
// even start (a module that does not load), which is a bug in shai: exit 3.
try {
  const { nodeIo, flushed } = await import('./io.ts');
  const { main } = await import('./main.ts');
  const { commands } = await import('./commands/index.ts');
  const code = await main(process.argv.slice(2), nodeIo(), commands);
  // process.exit() does not wait for a pipe: output past the pipe's buffer (64 KiB) would be cut off.
  await flushed();
  process.exit(code);
} catch (err) {
  const debug = process.argv.includes('--debug');
  process.stderr.write(
    debug && err instanceof Error
      ? `${err.stack}\n`
      : `internal error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)} (a bug in shai; re-run with --debug for the stack)\n`,
  );
  process.exit(3);
}
