package dev.bridle.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.HarnessWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The production bundle: a folder with the harness in canonical JSON ({@value #HARNESS_FILE}), a manifest
 * ({@value #MANIFEST_FILE}: format and schema versions, the Bridle version, when it was made, and the SHA-256 digest
 * of the harness file's bytes) and, when signed, a detached Ed25519 signature of the harness file
 * ({@value #SIGNATURE_FILE}, base64). The digest and the signature cover the harness file only, so the manifest's
 * time stamp never changes them.
 */
public final class Bundle {

    public static final String HARNESS_FILE = "harness.json";
    public static final String MANIFEST_FILE = "bundle.json";
    public static final String SIGNATURE_FILE = "harness.json.sig";
    /** The version of the bundle layout this Bridle writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Bundle() {}

    /**
     * What {@value #MANIFEST_FILE} says.
     *
     * @param digest the SHA-256 of {@value #HARNESS_FILE}'s bytes, in hex
     * @param signed whether the bundle carries a signature
     */
    public record Manifest(int formatVersion, int schemaVersion, String bridleVersion, String harness, String digest,
            Instant createdAt, boolean signed) {}

    /**
     * A bundle that has been checked.
     *
     * @param signatureChecked whether a public key was given and the signature verified with it
     */
    public record Verified(Harness harness, Manifest manifest, boolean signatureChecked) {}

    /** Writes the bundle of {@code harness} into {@code dir}, signing it when a key is given. */
    public static Manifest write(Harness harness, Path dir, Optional<PrivateKey> key, String bridleVersion,
            Instant createdAt) throws IOException {
        byte[] bytes = HarnessWriter.json(harness).getBytes(StandardCharsets.UTF_8);
        Manifest manifest = new Manifest(FORMAT_VERSION, Harness.FORMAT_VERSION, bridleVersion, harness.name(),
                sha256(bytes), createdAt, key.isPresent());
        Files.createDirectories(dir);
        Files.write(dir.resolve(HARNESS_FILE), bytes);
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "bridle-bundle");
        m.put("formatVersion", manifest.formatVersion());
        m.put("schemaVersion", manifest.schemaVersion());
        m.put("bridleVersion", manifest.bridleVersion());
        m.put("harness", manifest.harness());
        m.put("digest", "sha256:" + manifest.digest());
        if (key.isPresent()) {
            m.put("signature", SIGNATURE_FILE);
        }
        m.put("createdAt", createdAt.toString());
        Files.writeString(dir.resolve(MANIFEST_FILE), JSON.writeValueAsString(m) + "\n", StandardCharsets.UTF_8);
        Path sig = dir.resolve(SIGNATURE_FILE);
        if (key.isPresent()) {
            Files.writeString(sig, SigningKeys.sign(bytes, key.get()) + "\n", StandardCharsets.US_ASCII);
        } else {
            Files.deleteIfExists(sig);
        }
        return manifest;
    }

    /**
     * Checks a bundle: its manifest, the format and schema versions, the digest of the harness file, that the harness
     * parses and validates, and, when a key is given, the signature.
     *
     * @throws BundleException with a one-line message naming the bundle and the fault
     */
    public static Verified verify(Path dir, Optional<PublicKey> key) throws BundleException {
        String where = "bundle " + dir + ": ";
        Path manifestFile = dir.resolve(MANIFEST_FILE);
        Path harnessFile = dir.resolve(HARNESS_FILE);
        if (!Files.isDirectory(dir)) {
            throw new BundleException(where + "no such folder");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException(where + "no " + MANIFEST_FILE + " (is this a bundle folder?)");
        }
        if (!Files.isRegularFile(harnessFile)) {
            throw new BundleException(where + "no " + HARNESS_FILE);
        }
        JsonNode m;
        byte[] bytes;
        try {
            m = JSON.readTree(Files.readString(manifestFile, StandardCharsets.UTF_8));
            bytes = Files.readAllBytes(harnessFile);
        } catch (IOException e) {
            throw new BundleException(where + MANIFEST_FILE + " cannot be read: " + oneLine(e.getMessage()));
        }
        if (m == null || !m.isObject() || !"bridle-bundle".equals(m.path("format").asText())) {
            throw new BundleException(where + MANIFEST_FILE + " is not a Bridle bundle manifest");
        }
        int format = m.path("formatVersion").asInt(-1);
        if (format != FORMAT_VERSION) {
            throw new BundleException(where + "bundle format version " + format + " is not supported (this Bridle"
                    + " reads version " + FORMAT_VERSION + ")");
        }
        int schema = m.path("schemaVersion").asInt(-1);
        if (schema != Harness.FORMAT_VERSION) {
            throw new BundleException(where + "harness schema version " + schema + " is not supported (this Bridle"
                    + " reads version " + Harness.FORMAT_VERSION + ")");
        }
        String expected = m.path("digest").asText("");
        if (!expected.startsWith("sha256:")) {
            throw new BundleException(where + MANIFEST_FILE + " has no sha256 digest");
        }
        expected = expected.substring("sha256:".length());
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BundleException(where + HARNESS_FILE + " does not match its digest (expected " + expected
                    + ", got " + actual + ")");
        }
        boolean signed = m.hasNonNull("signature");
        Path sigFile = dir.resolve(SIGNATURE_FILE);
        if (key.isPresent()) {
            if (!Files.isRegularFile(sigFile)) {
                throw new BundleException(where + "is not signed (no " + SIGNATURE_FILE + "), and a key was given");
            }
            String sig;
            try {
                sig = Files.readString(sigFile, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new BundleException(where + SIGNATURE_FILE + " cannot be read: " + oneLine(e.getMessage()));
            }
            if (!SigningKeys.verify(bytes, sig, key.get())) {
                throw new BundleException(where + "the signature of " + HARNESS_FILE
                        + " does not verify with the given key");
            }
        }
        Harness harness;
        try {
            harness = HarnessReader.parse(harnessFile.toString(), new String(bytes, StandardCharsets.UTF_8)).harness();
        } catch (DocumentException e) {
            String first = e.problems().isEmpty() ? oneLine(e.getMessage()) : e.problems().getFirst().render();
            throw new BundleException(where + HARNESS_FILE + " does not validate: " + oneLine(first));
        }
        Instant created;
        try {
            created = Instant.parse(m.path("createdAt").asText(""));
        } catch (RuntimeException e) {
            created = Instant.EPOCH;
        }
        Manifest manifest = new Manifest(format, schema, m.path("bridleVersion").asText(""),
                m.path("harness").asText(harness.name()), actual, created, signed);
        return new Verified(harness, manifest, key.isPresent());
    }

    /** SHA-256 in hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
