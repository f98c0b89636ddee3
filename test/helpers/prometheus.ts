import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { rmSync } from 'node:fs';

/** A real Prometheus serving on `port` of 127.0.0.1 from the prometheus.yml in `work`. */
export interface RunningPrometheus {
  url: string;
  /** Ends Prometheus, waits for it to exit and removes `work`. */
  stop(): Promise<void>;
}

/** Starts the `prometheus` binary on `work/prometheus.yml`, its data in `work/data`. */
export function startPrometheus(binary: string, work: string, port: number): RunningPrometheus {
  const proc = spawn(
    binary,
    [
      `--config.file=${join(work, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { cwd: work, stdio: 'ignore' },
  );
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill();
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}
