package dev.bridle.app.editor;

import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/**
 * Tab content put into the scene the first time its tab is shown. A tab pane keeps every tab's content in the scene,
 * hidden, so a tab in the background would cost its CSS, skins and layout when the editor opens (for a 500-node
 * document, its source text and its 500-row forms) although the user may never look at it.
 */
public final class LazyTab {

    private LazyTab() {}

    /** A tab titled {@code title} whose content is made by {@code content} the first time the tab is selected. */
    public static Tab of(String title, java.util.function.Supplier<? extends Node> content) {
        Tab tab = new Tab(title);
        tab.selectedProperty().subscribe(selected -> {
            if (selected && tab.getContent() == null) {
                tab.setContent(content.get());
            }
        });
        return tab;
    }

    /** Shows {@code content} in {@code tab} from the first time the tab is selected. */
    static void content(Tab tab, Node content) {
        if (tab.isSelected()) {
            tab.setContent(content);
            return;
        }
        ChangeListener<Boolean> first = new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (now) {
                    tab.selectedProperty().removeListener(this);
                    tab.setContent(content);
                }
            }
        };
        tab.selectedProperty().addListener(first);
    }
}
