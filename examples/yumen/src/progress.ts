/**
 * A progress bar on stderr: redrawn in place on a TTY, plain lines (every 10%) otherwise.
 */
export const progress = (stream: NodeJS.WriteStream = process.stderr) => {
  const tty = stream.isTTY === true
  let lastTenth = -1
  return {
    update: (fraction: number, note: string) => {
      if (tty) {
        const width = 30
        const filled = Math.round(fraction * width)
        stream.write(
          `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${note}   `
        )
        return
      }
      const tenth = Math.floor(fraction * 10)
      if (tenth !== lastTenth) {
        lastTenth = tenth
        stream.write(`${(tenth * 10).toString().padStart(3)}%  ${note}\n`)
      }
    },
    done: () => {
      if (tty) stream.write("\n")
    }
  }
}
