package dev.bridle.cli;

import dev.bridle.export.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bridle keygen}: an Ed25519 key pair for signing bundles, without openssl. */
@Command(name = "keygen", description = "Write an Ed25519 key pair for signing bundles (PEM: PKCS#8 and X.509).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out.resolve(SigningKeys.PRIVATE_FILE))) {
            spec.commandLine().getErr().println("bridle: " + out.resolve(SigningKeys.PRIVATE_FILE)
                    + " exists; not overwriting a key");
            return ExitCodes.BAD_INPUT;
        }
        Path secret = SigningKeys.write(SigningKeys.generate(), out);
        spec.commandLine().getOut().println("wrote " + secret + " (keep it secret; sign with --sign) and "
                + out.resolve(SigningKeys.PUBLIC_FILE) + " (verify with --key)");
        return ExitCodes.OK;
    }
}
