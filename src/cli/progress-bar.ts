/**
 * A progress bar for a long command, on standard error: redrawn in place on a terminal
 * (`Documents ▕██████░░░░▏ 60% 600/1000`), a line per tenth elsewhere (a log, a pipe), so that
 * a log holds eleven lines, not a thousand.
 */
export function progressBar(
  label: string,
  {
    write = (text: string) => process.stderr.write(text),
    terminal = Boolean(process.stderr.isTTY),
  }: { write?: (text: string) => void; terminal?: boolean } = {},
): { update: (done: number, total: number) => void; finish: () => void } {
  const WIDTH = 24;
  let lastTenth = -1;
  let drawn = false;
  const line = (done: number, total: number) => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * WIDTH);
    return `${label} ▕${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}▏ ${Math.floor(share * 100)}% ${done}/${total}`;
  };
  return {
    update(done, total) {
      if (terminal) {
        write(`\r${line(done, total)}`);
        drawn = true;
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      write(`${line(done, total)}\n`);
    },
    finish() {
      if (drawn) write("\n");
      drawn = false;
    },
  };
}
