package dev.bridle.app.editor;

import java.util.concurrent.Executor;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.control.TextArea;
import javafx.util.Duration;

/**
 * The YAML source of a document, synced both ways: a graph edit rewrites the text (the canonical form), and typing
 * is read again once the user pauses; text that reads becomes an edit of the harness, text that does not lists its
 * problems and leaves the graph as it was. Reading runs on the background executor.
 */
public final class SourceView extends TextArea {

    /** How long typing must pause before the text is read. */
    public static final Duration PAUSE = Duration.millis(350);

    private final HarnessDocument document;
    private final PauseTransition pause = new PauseTransition(PAUSE);
    private final Executor background;
    private boolean showing;

    public SourceView(HarnessDocument document, Executor background) {
        this.document = document;
        this.background = background;
        setId("source");
        getStyleClass().add("source-view");
        setWrapText(false);
        show(document.sourceProperty().get());
        document.sourceProperty().subscribe(text -> {
            if (!text.equals(getText())) {
                show(text);
            }
        });
        textProperty().addListener((o, was, now) -> {
            if (!showing) {
                pause.playFromStart();
            }
        });
        pause.setOnFinished(e -> readNow());
    }

    /** Reads what is typed now, without waiting for the pause. */
    public void readNow() {
        pause.stop();
        String text = getText();
        if (text.equals(document.sourceProperty().get())) {
            return;
        }
        String name = document.sourceName();
        background.execute(() -> {
            HarnessDocument.SourceReading reading = HarnessDocument.read(name, text);
            Platform.runLater(() -> {
                if (reading.text().equals(getText())) {
                    document.applySource(reading);
                }
            });
        });
    }

    /** Puts the caret at the start of {@code line}, column {@code column} (both 1-based). */
    public void goTo(int line, int column) {
        String text = getText();
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                offset = text.length();
                break;
            }
        }
        int at = Math.min(text.length(), offset + Math.max(0, column - 1));
        requestFocus();
        positionCaret(at);
    }

    private void show(String text) {
        showing = true;
        try {
            int caret = getCaretPosition();
            double scroll = getScrollTop();
            setText(text);
            positionCaret(Math.min(caret, text.length()));
            setScrollTop(scroll);
        } finally {
            showing = false;
        }
    }
}
