package dev.bridle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bridle approve}: answers the {@code ask} a gateway session is waiting on, through the approvals endpoint. */
@Command(
        name = "approve",
        description = "Answer the questions (ask rules) a gateway session is waiting on: yes, or no with --reject."
                + " Exit code: 0 answered, 1 nothing was waiting, 2 bad input or the gateway refused.")
final class ApproveCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session (its X-Bridle-Session, or its run id).")
    String session;

    @Option(names = "--reject", description = "Answer no: the call is denied by the rule that asked.")
    boolean reject;

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "http://127.0.0.1:8787",
            description = "The gateway (default: ${DEFAULT-VALUE}).")
    URI gateway;

    @Option(names = "--approver-token", paramLabel = "TOKEN", defaultValue = "${env:BRIDLE_APPROVER_TOKEN}",
            description = "The gateway's approver token, as it was started with --approver-token (default: the"
                    + " BRIDLE_APPROVER_TOKEN environment variable). The client token cannot answer approvals.")
    String token;

    @Option(names = "--by", paramLabel = "NAME", description = "Who answers, for the record (default: the user name).")
    String by;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String who = by != null ? by : System.getProperty("user.name", "cli");
        try {
            HttpResponse<String> listed = client.send(request("/bridle/approvals").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (listed.statusCode() != 200) {
                err.println("bridle: the gateway at " + gateway + " answered " + listed.statusCode() + ": "
                        + message(listed.body()));
                return ExitCodes.BAD_INPUT;
            }
            List<JsonNode> mine = new ArrayList<>();
            for (JsonNode q : JSON.readTree(listed.body())) {
                if (session.equals(q.path("session").asText()) || session.equals(q.path("run").asText())) {
                    mine.add(q);
                }
            }
            if (mine.isEmpty()) {
                out.println("no question of session '" + session + "' is waiting at " + gateway);
                return ExitCodes.WARNINGS;
            }
            for (JsonNode q : mine) {
                ObjectNode answer = JSON.createObjectNode().put("approved", !reject).put("by", who);
                HttpResponse<String> r = client.send(request("/bridle/approvals/" + q.path("id").asText())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(answer.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    err.println("bridle: question " + q.path("id").asText() + ": " + r.statusCode() + " "
                            + message(r.body()));
                    return ExitCodes.BAD_INPUT;
                }
                out.println((reject ? "rejected: " : "approved: ") + q.path("question").asText() + " (rule '"
                        + q.path("rule").asText() + "', session " + q.path("session").asText() + ")");
            }
            return ExitCodes.OK;
        } catch (IOException | IllegalArgumentException e) {
            err.println("bridle: cannot reach the gateway at " + gateway + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** The error message of a gateway's error body, or the body. */
    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            String m = n.path("error").path("message").asText("");
            return m.isEmpty() ? body : m;
        } catch (IOException e) {
            return body;
        }
    }
}
