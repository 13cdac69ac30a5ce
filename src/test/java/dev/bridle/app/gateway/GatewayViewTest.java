package dev.bridle.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.Samples;
import dev.bridle.policy.Harness;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Gateway tab clicked through: Start serves the selected harness on a real port, a session that a real HTTP
 * client opens appears live, its {@code ask} waits in the approvals list until Approve is clicked, and Stop ends it.
 */
@ExtendWith(ApplicationExtension.class)
class GatewayViewTest {

    @TempDir
    Path dir;

    private Stage stage;
    private RunStore store;
    private GatewayViewModel model;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void startAnAskWaitingApproveItFromTheTabAndStop(FxRobot robot) throws Exception {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        Harness harness = HarnessReader.read(Samples.harness("coding-agent")).harness();
        model = new GatewayViewModel(() -> Optional.of(harness), () -> store, Platform::runLater);
        robot.interact(() -> {
            model.listenProperty().set("127.0.0.1:0"); // a free port
            model.upstreamProperty().set("http://127.0.0.1:9"); // never called: the decision API decides alone
            stage.setScene(new Scene(new GatewayView(model), 1000, 600));
            stage.show();
        });
        robot.clickOn("#gateway-start");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.runningProperty().get());
        assertThat(model.addressProperty().get()).startsWith("http://127.0.0.1:");

        CompletableFuture<HttpResponse<String>> ask = CompletableFuture.supplyAsync(() -> post(
                model.addressProperty().get() + "/v1/decide/tool-call",
                "{\"tool\":\"run_terminal_cmd\",\"args\":{\"command\":\"mvn test\"}}"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.waiting().size() == 1);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> model.sessions().size() == 1);
        assertThat(model.sessions().getFirst().id()).isEqualTo("from-the-tab");
        assertThat(ask).isNotDone();

        ListView<?> approvals = robot.lookup("#gateway-approvals").queryAs(ListView.class);
        robot.interact(() -> approvals.getSelectionModel().select(0));
        robot.clickOn("#gateway-approve");
        HttpResponse<String> answer = ask.get(20, TimeUnit.SECONDS);
        assertThat(answer.body()).contains("\"decision\":\"allow\"", "\"rule\":\"run-tests-asks\"");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> model.waiting().isEmpty());
        assertThat(model.messageProperty().get()).startsWith("approved: ");

        robot.clickOn("#gateway-stop");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !model.runningProperty().get());
        assertThat(model.messageProperty().get()).isEqualTo("stopped; 1 sessions recorded");
        assertThat(store.runs()).anySatisfy(r -> assertThat(r.harness()).isEqualTo("coding-agent"));
    }

    @Test
    void withoutAHarnessStartSaysWhatIsMissing() {
        store = RunStore.open(RunStore.fileUrl(dir.resolve("runs")));
        model = new GatewayViewModel(Optional::empty, () -> store, Runnable::run);
        model.start();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("open a harness first");
        model.listenProperty().set("nowhere");
        GatewayViewModel other = new GatewayViewModel(() -> Optional.of(harnessOrFail()), () -> store, Runnable::run);
        other.listenProperty().set("nowhere");
        other.start();
        assertThat(other.runningProperty().get()).isFalse();
        assertThat(other.messageProperty().get()).startsWith("cannot start the gateway: listen on HOST:PORT");
    }

    private static Harness harnessOrFail() {
        try {
            return HarnessReader.read(Samples.harness("coding-agent")).harness();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> post(String url, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("X-Bridle-Session", "from-the-tab")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
