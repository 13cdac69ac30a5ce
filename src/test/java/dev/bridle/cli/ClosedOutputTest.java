package dev.bridle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A standard output whose reader has gone ends the command at once and quietly, with exit code 141. */
class ClosedOutputTest {

    /** A pipe whose reader has gone: every write fails, as a write to a closed pipe does (EPIPE). */
    private static final class BrokenPipe extends OutputStream {
        int writes;

        @Override
        public void write(int b) throws IOException {
            writes++;
            throw new IOException("Broken pipe");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writes++;
            throw new IOException("Broken pipe");
        }
    }

    @Test
    void aFailedWriteIsAnOutputClosedExceptionThroughPrintWriter() {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new StdoutStream(new BrokenPipe()),
                StandardCharsets.UTF_8), true);
        // PrintWriter would swallow an IOException and carry on; this passes through it.
        assertThatThrownBy(() -> out.println("a line")).isInstanceOf(OutputClosedException.class);
    }

    @Test
    void aCommandWhoseReaderHasGoneEndsWith141AndNoMessage() {
        BrokenPipe pipe = new BrokenPipe();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new StdoutStream(pipe), StandardCharsets.UTF_8), true);
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"schema"}, out, new PrintWriter(err));
        assertThat(code).isEqualTo(ExitCodes.CLOSED_OUTPUT);
        assertThat(err.toString()).isEmpty();
        assertThat(pipe.writes).isEqualTo(1);
    }

    @Test
    void helpToAClosedPipeEndsWith141Too() {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new StdoutStream(new BrokenPipe()),
                StandardCharsets.UTF_8), true);
        StringWriter err = new StringWriter();
        assertThat(Main.execute(new String[] {"--help"}, out, new PrintWriter(err))).isEqualTo(ExitCodes.CLOSED_OUTPUT);
        assertThat(err.toString()).isEmpty();
    }
}
