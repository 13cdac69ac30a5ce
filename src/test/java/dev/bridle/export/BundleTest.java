package dev.bridle.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.Samples;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {

    @TempDir
    Path dir;

    private static Harness sample() throws Exception {
        return HarnessReader.read(Samples.harness("over-trusted-agent")).harness();
    }

    @Test
    void aWrittenBundleVerifiesAndGivesBackAnEqualHarness() throws Exception {
        Bundle.Manifest m = Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Bundle.Verified v = Bundle.verify(dir, Optional.empty());
        assertThat(v.harness()).isEqualTo(sample());
        assertThat(v.manifest().digest()).isEqualTo(m.digest())
                .isEqualTo(Bundle.sha256(Files.readAllBytes(dir.resolve("harness.json"))));
        assertThat(Files.exists(dir.resolve("harness.json.sig"))).isFalse();
    }

    @Test
    void theDigestDoesNotDependOnWhenTheBundleWasMade() throws Exception {
        Bundle.Manifest a = Bundle.write(sample(), dir.resolve("a"), Optional.empty(), "test", Instant.EPOCH);
        Bundle.Manifest b = Bundle.write(sample(), dir.resolve("b"), Optional.empty(), "test", Instant.now());
        assertThat(a.digest()).isEqualTo(b.digest());
    }

    @Test
    void aTamperedHarnessIsRefusedWithItsDigests() throws Exception {
        Bundle.Manifest m = Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Path file = dir.resolve("harness.json");
        Files.writeString(file, Files.readString(file).replace("docs/**", "**"));
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty()))
                .hasMessageStartingWith("bundle " + dir + ": harness.json does not match its digest (expected "
                        + m.digest() + ", got ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aTamperedDigestIsRefused() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("sha256:[0-9a-f]{4}", "sha256:0000"));
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty())).hasMessageContaining("does not match its digest");
    }

    @Test
    void aSignedBundleVerifiesWithItsKeyAndNotWithAnother() throws Exception {
        KeyPair pair = SigningKeys.generate();
        Path keys = SigningKeys.write(pair, dir.resolve("keys")).getParent();
        Bundle.write(sample(), dir.resolve("b"), Optional.of(SigningKeys.readPrivate(keys.resolve(
                SigningKeys.PRIVATE_FILE))), "test", Instant.EPOCH);
        assertThat(Bundle.verify(dir.resolve("b"), Optional.of(SigningKeys.readPublic(keys.resolve(
                SigningKeys.PUBLIC_FILE)))).signatureChecked()).isTrue();
        assertThatThrownBy(() -> Bundle.verify(dir.resolve("b"), Optional.of(SigningKeys.generate().getPublic())))
                .hasMessageContaining("signature of harness.json does not verify");
    }

    @Test
    void anUnsignedBundleIsRefusedWhenAKeyIsGiven() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.of(SigningKeys.generate().getPublic())))
                .hasMessageContaining("is not signed");
    }

    @Test
    void aNewerSchemaVersionIsRefused() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2"));
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty()))
                .hasMessageContaining("harness schema version 2 is not supported");
    }
}
