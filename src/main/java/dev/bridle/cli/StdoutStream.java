package dev.bridle.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The process's standard output, which throws {@link OutputClosedException} when a write fails.
 *
 * <p>{@code System.out} and {@code PrintWriter} both swallow write errors, so a command whose reader has gone would
 * compute and format all of its output for nobody. An unchecked exception passes through {@code PrintWriter}, which
 * catches only {@link IOException}, and ends the command where it writes.
 */
final class StdoutStream extends OutputStream {

    private final OutputStream out;

    StdoutStream(OutputStream out) {
        this.out = out;
    }

    /** The file descriptor of standard output itself, not {@code System.out}, which hides errors. */
    static StdoutStream open() {
        return new StdoutStream(new FileOutputStream(FileDescriptor.out));
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new OutputClosedException(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new OutputClosedException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new OutputClosedException(e);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
