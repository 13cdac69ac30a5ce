package dev.bridle.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Ed25519 keys for signing bundles, as PEM files: the private key in PKCS#8 ({@code PRIVATE KEY}), the public key in
 * X.509 ({@code PUBLIC KEY}), the forms {@code openssl genpkey -algorithm ed25519} writes and reads.
 */
public final class SigningKeys {

    /** The file names {@code bridle keygen} writes. */
    public static final String PRIVATE_FILE = "bridle-signing.pem";
    public static final String PUBLIC_FILE = "bridle-signing.pub.pem";

    private static final String ALGORITHM = "Ed25519";
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private SigningKeys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }

    /** Writes the pair into {@code dir} as {@link #PRIVATE_FILE} and {@link #PUBLIC_FILE}; returns the private file. */
    public static Path write(KeyPair pair, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path secret = dir.resolve(PRIVATE_FILE);
        Files.writeString(secret, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        secret.toFile().setReadable(false, false);
        secret.toFile().setReadable(true, true);
        Files.writeString(dir.resolve(PUBLIC_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                StandardCharsets.US_ASCII);
        return secret;
    }

    public static PrivateKey readPrivate(Path file) throws BundleException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(file,
                    "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BundleException(file + ": not an Ed25519 private key in PEM (PKCS#8)");
        }
    }

    public static PublicKey readPublic(Path file) throws BundleException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new BundleException(file + ": not an Ed25519 public key in PEM (X.509)");
        }
    }

    /** The detached signature of {@code bytes}, base64. */
    static String sign(byte[] bytes, PrivateKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(bytes);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code signatureBase64} is {@code key}'s signature of {@code bytes}. The base64 may be wrapped (at 64
     * or 76 columns, as {@code openssl base64} and PEM tools write it): white space is removed, and anything else
     * that is not base64 is refused rather than skipped.
     */
    static boolean verify(byte[] bytes, String signatureBase64, PublicKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(bytes);
            return s.verify(Base64.getDecoder().decode(WHITE_SPACE.matcher(signatureBase64).replaceAll("")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(Path file, String type) throws BundleException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BundleException(file + ": cannot read the key file (" + e.getMessage() + ")");
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new BundleException(file + ": no '" + begin + "' block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
