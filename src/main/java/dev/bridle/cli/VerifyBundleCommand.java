package dev.bridle.cli;

import dev.bridle.export.Bundle;
import dev.bridle.export.BundleException;
import dev.bridle.export.SigningKeys;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle verify-bundle}: checks a bundle before it is deployed. */
@Command(
        name = "verify-bundle",
        description = "Check a bundle: its digest, versions, that its harness validates, and with --key its"
                + " signature. Exit code: 0 valid, 2 refused.")
final class VerifyBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Option(names = "--key", paramLabel = "PUB.pem", description = "The Ed25519 public key the bundle is signed with.")
    Path key;

    @Override
    public Integer call() {
        try {
            Optional<PublicKey> pub = key == null ? Optional.empty() : Optional.of(SigningKeys.readPublic(key));
            Bundle.Verified v = Bundle.verify(dir, pub);
            spec.commandLine().getOut().println("bundle " + dir + ": valid: harness '" + v.harness().name()
                    + "', sha256 " + v.manifest().digest() + (v.signatureChecked() ? ", signature verified"
                    : v.manifest().signed() ? ", signed (pass --key to check the signature)" : ", not signed"));
            return ExitCodes.OK;
        } catch (BundleException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
