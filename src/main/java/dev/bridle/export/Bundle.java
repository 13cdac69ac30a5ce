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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The production bundle: a folder with the harness in canonical JSON ({@value #HARNESS_FILE}), a manifest
 * ({@value #MANIFEST_FILE}: format and schema versions, the Bridle version, the harness's name, when it was made, and
 * the SHA-256 digest of the harness file's bytes) and, when signed, a detached Ed25519 signature of the manifest's
 * bytes ({@value #SIGNATURE_FILE}, base64). The digest covers the harness file only, so the manifest's time stamp
 * never changes it; the signature covers every field of the manifest, and through its digest the harness.
 *
 * <p>A bundle folder holds those files and nothing else, each a regular file (never a symbolic link): verifying
 * refuses anything more, so what is deployed is exactly what was signed.
 */
public final class Bundle {

    public static final String HARNESS_FILE = "harness.json";
    public static final String MANIFEST_FILE = "bundle.json";
    public static final String SIGNATURE_FILE = "bundle.json.sig";
    /** Format 1 signed the harness file only; its signature file is removed when a bundle is written again. */
    private static final String FORMAT_1_SIGNATURE_FILE = "harness.json.sig";
    /** The version of the bundle layout this Bridle writes and reads: 2 signs the manifest. */
    public static final int FORMAT_VERSION = 2;
    /** The manifest's fields; any other is refused, so nothing unsigned can ride along in it. */
    private static final Set<String> MANIFEST_FIELDS = Set.of("format", "formatVersion", "schemaVersion",
            "bridleVersion", "harness", "digest", "signature", "createdAt");

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
        List<String> foreign = entries(dir).stream().filter(n -> !n.equals(HARNESS_FILE) && !n.equals(MANIFEST_FILE)
                && !n.equals(SIGNATURE_FILE) && !n.equals(FORMAT_1_SIGNATURE_FILE)).toList();
        if (!foreign.isEmpty()) {
            // Verifying refuses extra files, so writing into a folder that has some would make a bundle that fails.
            throw new IOException(dir + " holds files that are not part of a bundle (" + String.join(", ", foreign)
                    + "); export into an empty folder");
        }
        Files.deleteIfExists(dir.resolve(FORMAT_1_SIGNATURE_FILE));
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
        byte[] manifestBytes = (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(MANIFEST_FILE), manifestBytes);
        Path sig = dir.resolve(SIGNATURE_FILE);
        if (key.isPresent()) {
            Files.writeString(sig, SigningKeys.sign(manifestBytes, key.get()) + "\n", StandardCharsets.US_ASCII);
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
        if (!Files.isDirectory(dir)) {
            throw new BundleException(where + "no such folder");
        }
        List<String> names;
        try {
            names = entries(dir);
        } catch (IOException e) {
            throw new BundleException(where + "the folder cannot be listed: " + oneLine(e.getMessage()));
        }
        if (!names.contains(MANIFEST_FILE)) {
            throw new BundleException(where + "no " + MANIFEST_FILE + " (is this a bundle folder?)");
        }
        if (!names.contains(HARNESS_FILE)) {
            throw new BundleException(where + "no " + HARNESS_FILE);
        }
        byte[] manifestBytes = regularFile(dir, MANIFEST_FILE, where);
        JsonNode m;
        try {
            m = JSON.readTree(manifestBytes);
        } catch (IOException e) {
            throw new BundleException(where + MANIFEST_FILE + " is not JSON: " + oneLine(e.getMessage()));
        }
        if (m == null || !m.isObject() || !"bridle-bundle".equals(m.path("format").asText())) {
            throw new BundleException(where + MANIFEST_FILE + " is not a Bridle bundle manifest");
        }
        int format = m.path("formatVersion").asInt(-1);
        if (format != FORMAT_VERSION) {
            throw new BundleException(where + "bundle format version " + format + " is not supported (this Bridle"
                    + " reads version " + FORMAT_VERSION + (format == 1 ? ", which signs the manifest; export the"
                    + " harness again" : "") + ")");
        }
        boolean signed = m.has("signature");
        List<String> extra = new ArrayList<>();
        for (String name : names) {
            if (!name.equals(MANIFEST_FILE) && !name.equals(HARNESS_FILE) && !(signed && name.equals(SIGNATURE_FILE))) {
                extra.add(name);
            }
        }
        if (!extra.isEmpty()) {
            throw new BundleException(where + "holds files that are not part of the bundle: "
                    + String.join(", ", extra) + (extra.contains(SIGNATURE_FILE) ? " (" + MANIFEST_FILE
                    + " does not name a signature)" : ""));
        }
        List<String> unknown = new ArrayList<>();
        m.fieldNames().forEachRemaining(f -> {
            if (!MANIFEST_FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new BundleException(where + MANIFEST_FILE + " has fields a bundle does not have: "
                    + String.join(", ", unknown.stream().sorted().toList()));
        }
        if (signed && !SIGNATURE_FILE.equals(m.get("signature").asText(null))) {
            throw new BundleException(where + MANIFEST_FILE + " names the signature file "
                    + oneLine(m.get("signature").toString()) + "; a bundle's signature is " + SIGNATURE_FILE);
        }
        for (String field : List.of("bridleVersion", "harness", "digest", "createdAt")) {
            if (!m.path(field).isTextual()) {
                throw new BundleException(where + MANIFEST_FILE + " has no " + field + " text");
            }
        }
        if (key.isPresent()) {
            // The signature is checked before anything else in the manifest is believed.
            if (!signed || !names.contains(SIGNATURE_FILE)) {
                throw new BundleException(where + "is not signed (no " + SIGNATURE_FILE + "), and a key was given");
            }
            String sig = new String(regularFile(dir, SIGNATURE_FILE, where), StandardCharsets.US_ASCII);
            if (!SigningKeys.verify(manifestBytes, sig, key.get())) {
                throw new BundleException(where + "the signature of " + MANIFEST_FILE
                        + " does not verify with the given key");
            }
        } else if (signed && !names.contains(SIGNATURE_FILE)) {
            throw new BundleException(where + MANIFEST_FILE + " names a signature, but there is no " + SIGNATURE_FILE);
        } else if (signed) {
            regularFile(dir, SIGNATURE_FILE, where);
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
        byte[] bytes = regularFile(dir, HARNESS_FILE, where);
        Path harnessFile = dir.resolve(HARNESS_FILE);
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BundleException(where + HARNESS_FILE + " does not match its digest (expected " + expected
                    + ", got " + actual + ")");
        }
        Harness harness;
        try {
            harness = HarnessReader.parse(harnessFile.toString(), new String(bytes, StandardCharsets.UTF_8)).harness();
        } catch (DocumentException e) {
            String first = e.problems().isEmpty() ? oneLine(e.getMessage()) : e.problems().getFirst().render();
            throw new BundleException(where + HARNESS_FILE + " does not validate: " + oneLine(first));
        }
        if (!harness.name().equals(m.path("harness").asText())) {
            throw new BundleException(where + MANIFEST_FILE + " names the harness '" + oneLine(m.path("harness")
                    .asText()) + "', but " + HARNESS_FILE + " holds '" + harness.name() + "'");
        }
        Instant created;
        try {
            created = Instant.parse(m.path("createdAt").asText(""));
        } catch (RuntimeException e) {
            throw new BundleException(where + MANIFEST_FILE + " has a createdAt that is not an ISO-8601 instant: "
                    + oneLine(m.path("createdAt").asText()));
        }
        Manifest manifest = new Manifest(format, schema, m.path("bridleVersion").asText(""),
                m.path("harness").asText(), actual, created, signed);
        return new Verified(harness, manifest, key.isPresent());
    }

    /** The names in the bundle folder, sorted; hidden files and folders included. */
    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The bytes of a bundle file that must be a regular file: a symbolic link is refused even when it points at a
     * valid file, and the file is opened without following links so that one swapped in after the check is refused
     * too.
     */
    private static byte[] regularFile(Path dir, String name, String where) throws BundleException {
        Path file = dir.resolve(name);
        if (Files.isSymbolicLink(file)) {
            throw new BundleException(where + name + " is a symbolic link; bundle files must be regular files");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BundleException(where + name + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BundleException(where + name + " cannot be read: " + oneLine(e.getMessage()));
        }
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
