package dev.bridle.app.run;

import dev.bridle.engine.Approver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/**
 * Answers a run's questions with a dialog on the FX thread while the run waits on its own thread. The dialog names
 * the rule and the resource; no answer within the timeout counts as a rejection, and the run goes on.
 */
public final class DialogApprover implements Approver {

    private final Function<Question, CompletableFuture<Boolean>> ask;
    private final Duration timeout;

    public DialogApprover(Function<Question, CompletableFuture<Boolean>> ask, Duration timeout) {
        this.ask = ask;
        this.timeout = timeout;
    }

    /** Asks with an approval dialog over {@code owner}. */
    public static DialogApprover withDialogs(Window owner, Duration timeout) {
        return new DialogApprover(q -> {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                ButtonType approve = new ButtonType("Approve", ButtonBar.ButtonData.YES);
                ButtonType reject = new ButtonType("Reject", ButtonBar.ButtonData.NO);
                Alert alert = new Alert(Alert.AlertType.CONFIRMATION, q.question(), approve, reject);
                alert.initOwner(owner);
                alert.setTitle("Approval needed");
                alert.setHeaderText("Rule '" + q.rule() + "' asks" + (q.agent() == null ? "" : " for " + q.agent()));
                answer.completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .thenRun(() -> Platform.runLater(alert::close));
                alert.showAndWait().ifPresent(b -> answer.complete(b == approve));
                answer.complete(false);
            });
            return answer;
        }, timeout);
    }

    @Override
    public Answer answer(Question question) {
        CompletableFuture<Boolean> answer = ask.apply(question);
        try {
            return new Answer(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS), "user");
        } catch (TimeoutException e) {
            answer.cancel(false);
            return new Answer(false, "timeout after " + timeout.toSeconds() + "s");
        } catch (Exception e) {
            return new Answer(false, "no answer (" + e.getClass().getSimpleName() + ")");
        }
    }
}
