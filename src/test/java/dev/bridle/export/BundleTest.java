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
        assertThat(Files.exists(dir.resolve("bundle.json.sig"))).isFalse();
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
                .hasMessageContaining("signature of bundle.json does not verify");
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

    private KeyPair signed(Path bundle) throws Exception {
        KeyPair pair = SigningKeys.generate();
        Bundle.write(sample(), bundle, Optional.of(pair.getPrivate()), "test", Instant.EPOCH);
        return pair;
    }

    @Test
    void theSignatureCoversEveryManifestField() throws Exception {
        for (String[] tamper : new String[][] {
                {"\"bridleVersion\" : \"test\"", "\"bridleVersion\" : \"9.9\""},
                {"\"createdAt\" : \"1970-01-01T00:00:00Z\"", "\"createdAt\" : \"2030-01-01T00:00:00Z\""},
                {"\"schemaVersion\" : 1", "\"schemaVersion\" : 1.0"}}) {
            Path b = dir.resolve("b" + tamper[1].hashCode());
            KeyPair pair = signed(b);
            assertThat(Bundle.verify(b, Optional.of(pair.getPublic())).signatureChecked()).isTrue();
            Path manifest = b.resolve("bundle.json");
            String text = Files.readString(manifest);
            assertThat(text).contains(tamper[0]);
            Files.writeString(manifest, text.replace(tamper[0], tamper[1]));
            assertThatThrownBy(() -> Bundle.verify(b, Optional.of(pair.getPublic())))
                    .as(tamper[1]).hasMessageContaining("signature of bundle.json does not verify");
        }
    }

    @Test
    void aManifestThatNamesAnotherHarnessIsRefusedEvenUnsigned() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"harness\" : \"over-trusted-agent\"",
                "\"harness\" : \"trusted\""));
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty()))
                .hasMessageContaining("names the harness 'trusted', but harness.json holds 'over-trusted-agent'");
    }

    @Test
    void anUnknownManifestFieldIsRefused() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("{", "{ \"trustedBy\" : \"ops\","));
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty()))
                .hasMessageContaining("bundle.json has fields a bundle does not have: trustedBy");
    }

    @Test
    void anExtraFileIsRefused() throws Exception {
        KeyPair pair = signed(dir);
        Files.writeString(dir.resolve("extra.harness.yaml"), "bridle: 1\n");
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.of(pair.getPublic())))
                .hasMessage("bundle " + dir + ": holds files that are not part of the bundle: extra.harness.yaml");
    }

    @Test
    void anExtraHiddenFolderIsRefused() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Files.createDirectory(dir.resolve(".hooks"));
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty())).hasMessageContaining(".hooks");
    }

    @Test
    void aSignatureTheManifestDoesNotNameIsAnExtraFile() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Files.writeString(dir.resolve("bundle.json.sig"), "AAAA\n");
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty()))
                .hasMessageContaining("not part of the bundle: bundle.json.sig (bundle.json does not name a signature)");
    }

    @Test
    void aSymlinkedHarnessToAnotherValidHarnessIsRefused() throws Exception {
        // The other harness is valid and its digest is the one in the manifest: only the link gives it away.
        Path other = dir.resolve("other");
        Bundle.write(sample(), other, Optional.empty(), "test", Instant.EPOCH);
        Path b = dir.resolve("b");
        Bundle.write(sample(), b, Optional.empty(), "test", Instant.EPOCH);
        Files.delete(b.resolve("harness.json"));
        Files.createSymbolicLink(b.resolve("harness.json"), other.resolve("harness.json"));
        assertThatThrownBy(() -> Bundle.verify(b, Optional.empty()))
                .hasMessage("bundle " + b + ": harness.json is a symbolic link; bundle files must be regular files");
    }

    @Test
    void aSymlinkedManifestIsRefused() throws Exception {
        Path other = dir.resolve("other");
        Bundle.write(sample(), other, Optional.empty(), "test", Instant.EPOCH);
        Path b = dir.resolve("b");
        Bundle.write(sample(), b, Optional.empty(), "test", Instant.EPOCH);
        Files.delete(b.resolve("bundle.json"));
        Files.createSymbolicLink(b.resolve("bundle.json"), other.resolve("bundle.json"));
        assertThatThrownBy(() -> Bundle.verify(b, Optional.empty())).hasMessageContaining("bundle.json is a symbolic link");
    }

    @Test
    void aSignatureWrappedAtSixtyFourColumnsVerifies() throws Exception {
        KeyPair pair = signed(dir);
        Path sig = dir.resolve("bundle.json.sig");
        String one = Files.readString(sig).strip();
        assertThat(one.length()).isGreaterThan(64);
        Files.writeString(sig, one.substring(0, 64) + "\n" + one.substring(64) + "\n");
        assertThat(Bundle.verify(dir, Optional.of(pair.getPublic())).signatureChecked()).isTrue();
        Files.writeString(sig, one.substring(0, 64) + "\n!" + one.substring(64) + "\n");
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.of(pair.getPublic())))
                .hasMessageContaining("does not verify");
    }

    @Test
    void aFormatOneBundleIsRefusedWithHowToFixIt() throws Exception {
        Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH);
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 2", "\"formatVersion\" : 1"));
        assertThatThrownBy(() -> Bundle.verify(dir, Optional.empty()))
                .hasMessageContaining("bundle format version 1 is not supported").hasMessageContaining("export");
    }

    @Test
    void writingIntoAFolderWithOtherFilesIsRefused() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> Bundle.write(sample(), dir, Optional.empty(), "test", Instant.EPOCH))
                .hasMessageContaining("notes.txt");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
        assertThat(dir.resolve("harness.json")).doesNotExist();
    }
}
