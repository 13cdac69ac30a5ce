package dev.bridle.gateway;

import static dev.bridle.gateway.FakeUpstream.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bridle.cli.Main;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with {@code --tls-cert} and {@code --tls-key}: a self-signed certificate made in the test by the JDK's
 * {@code keytool}, written as PEM files, served by the gateway and trusted by the client that talks to it.
 */
class GatewayTlsTest {

    @TempDir
    Path dir;

    private Path cert;
    private Path key;
    private KeyStore trusted;

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @BeforeEach
    void selfSigned() throws Exception {
        Path store = dir.resolve("gw.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gw", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey pk = (PrivateKey) ks.getKey("gw", "changeit".toCharArray());
        Certificate c = ks.getCertificate("gw");
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes());
        cert = Files.writeString(dir.resolve("gw.crt.pem"), "-----BEGIN CERTIFICATE-----\n"
                + b64.encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        key = Files.writeString(dir.resolve("gw.key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + b64.encodeToString(pk.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("gw", c);
    }

    private HttpClient trusting() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static HttpRequest chat(URI base) {
        return HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
    }

    @Test
    void theGatewayServesHttpsToAClientThatTrustsItsCertificate() throws Exception {
        try (GatewayFixture f = new GatewayFixture(dir, "", c -> c.withTls(cert, key), text("Hello over TLS."))) {
            assertThat(f.base().getScheme()).isEqualTo("https");
            HttpResponse<String> r = trusting().send(chat(f.base()), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Hello over TLS.");
            assertThat(r.version()).isIn(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2);

            // A client that does not trust the certificate gets no answer, and neither does plain HTTP.
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(chat(f.base()),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
            URI plain = URI.create("http://127.0.0.1:" + f.base().getPort());
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(chat(plain),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            assertThat(f.upstream.requests).hasSize(1);
        }
    }

    @Test
    void aKeyThatIsNotPkcs8PemIsRefusedWithHowToConvertIt() throws Exception {
        Path rsa = Files.writeString(dir.resolve("old.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n"
                + "-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new GatewayConfig.Tls(cert, rsa).load()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an unencrypted PKCS#8 PEM key").hasMessageContaining("openssl pkcs8");
        assertThatThrownBy(() -> new GatewayConfig.Tls(key, key).load()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-cert");
    }

    @Test
    void theCommandRefusesACertificateWithoutItsKeyAndABadKeyBeforeListening() throws Exception {
        Path harness = Files.writeString(dir.resolve("g.harness.yaml"), GatewayFixture.HARNESS.formatted(""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int alone = Main.execute(new String[] {"gateway", "--harness", harness.toString(), "--upstream",
            "http://127.0.0.1:9", "--listen", "127.0.0.1:0", "--tls-cert", cert.toString(), "--db",
            "jdbc:h2:" + dir.resolve("runs")}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(alone).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
        int bad = Main.execute(new String[] {"gateway", "--harness", harness.toString(), "--upstream",
            "http://127.0.0.1:9", "--listen", "127.0.0.1:0", "--tls-cert", cert.toString(), "--tls-key",
            cert.toString(), "--db", "jdbc:h2:" + dir.resolve("runs")}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(bad).isEqualTo(2);
        assertThat(err.toString()).contains("not an unencrypted PKCS#8 PEM key");
        assertThat(List.of(out.toString())).noneMatch(o -> o.contains("bridle gateway: harness"));
    }
}
