package dev.bridle.app;

import static dev.bridle.app.Screenshots.await;
import static dev.bridle.app.Screenshots.lookup;
import static dev.bridle.app.Screenshots.onFx;
import static dev.bridle.app.Screenshots.save;

import dev.bridle.gateway.FakeUpstream;
import dev.bridle.gateway.Gateway;
import dev.bridle.gateway.GatewayConfig;
import dev.bridle.policy.HarnessReader;
import dev.bridle.store.RunStore;
import dev.bridle.store.RunSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * Takes the README's screenshot of a gateway run: an agent speaking the OpenAI Chat Completions API through
 * {@code bridle gateway} (against the project's fake upstream), which reads a file, is refused an edit outside its
 * scope, then loops until its loop guard stops it; the run is opened from the store in the inspector's timeline.
 * Arguments: the output file, the width and the height. Run it with {@code -Djava.util.prefs.userRoot} set to a folder
 * of its own.
 */
public final class GatewayScreenshots {

    private GatewayScreenshots() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/screenshots/gateway-timeline.png");
        double width = args.length > 1 ? Double.parseDouble(args[1]) : 1400;
        double height = args.length > 2 ? Double.parseDouble(args[2]) : 900;
        Path db = Files.createTempDirectory("bridle-gateway-shots");
        String url = RunStore.fileUrl(db.resolve("runs"));
        String read = "{\"file_path\":\"src/Main.java\"}";
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.call("read_file", read),
                FakeUpstream.call("edit_file", "{\"target_file\":\"/etc/hosts\",\"text\":\"x\"}"),
                FakeUpstream.call("read_file", read), FakeUpstream.call("read_file", read),
                FakeUpstream.call("read_file", read), FakeUpstream.text("never reached"));
                RunStore store = RunStore.open(url)) {
            var harness = HarnessReader.read(Path.of("sample-policies/coding-agent.harness.yaml")).harness();
            try (Gateway gateway = Gateway.start(GatewayConfig.of(harness, upstream.url()).withStore(store))) {
                HttpClient http = HttpClient.newHttpClient();
                String messages = "{\"role\":\"system\",\"content\":\"You fix the build.\"},"
                        + "{\"role\":\"user\",\"content\":\"The build fails in src/Main.java: fix it.\"}";
                for (int i = 0; i < 6; i++) {
                    String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[" + messages + "]}";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                            .header("Content-Type", "application/json").header("X-Bridle-Session", "fix-the-build")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        break;
                    }
                    messages += ",{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c" + i
                            + "\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":"
                            + "\"{\\\"file_path\\\":\\\"src/Main.java\\\"}\"}}]},"
                            + "{\"role\":\"tool\",\"tool_call_id\":\"c" + i + "\",\"content\":\"class Main {}\"}";
                }
            }
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        MainWindow[] window = new MainWindow[1];
        onFx(() -> {
            Stage stage = new Stage();
            window[0] = MainWindow.open(stage, new WorkbenchConfig(Path.of("sample-policies"), url,
                    "coding-agent.harness.yaml"));
            stage.setWidth(width);
            stage.setHeight(height);
        });
        MainViewModel model = window[0].viewModel();
        List<RunSummary> runs;
        try (RunStore store = RunStore.open(url)) {
            runs = store.runs();
        }
        onFx(() -> model.openRun(runs.getFirst()));
        await(() -> model.lastInspectionProperty().get() != null);
        TabPane bottom = lookup(window[0], "#bottom-tabs");
        SplitPane centre = (SplitPane) bottom.getParent().getParent();
        onFx(() -> centre.setDividerPositions(0.42));
        onFx(() -> bottom.getSelectionModel().select(1));
        TabPane inspector = lookup(window[0], "#run-inspector");
        onFx(() -> inspector.getSelectionModel().select(0));
        save(window[0], out);
        onFx(() -> window[0].stage().close());
        Platform.exit();
        System.exit(0);
    }
}
