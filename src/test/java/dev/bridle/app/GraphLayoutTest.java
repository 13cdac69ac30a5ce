package dev.bridle.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bridle.app.graph.GraphLayout;
import dev.bridle.policy.DocumentException;
import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Position;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GraphLayoutTest {

    private static final String WITHOUT_LAYOUT = """
            bridle: 1
            name: chain
            agents:
              a: { system: hi }
            workflow:
              start: first
              nodes:
                done: { end: completed }
                second: { agent: a, next: done }
                first: { agent: a, next: second }
            """;

    @Test
    void drawsNodesWhereTheLayoutPutsThem() throws DocumentException {
        GraphLayout layout = GraphLayout.of(HarnessReader.read(Path.of("sample-policies/runaway-agent.harness.yaml"))
                .harness());

        assertThat(layout.positions()).containsEntry("research", new Position(80, 120))
                .containsEntry("done", new Position(340, 120));
        assertThat(layout.width()).isGreaterThanOrEqualTo(340 + GraphLayout.NODE_WIDTH);
    }

    @Test
    void placesNodesWithoutLayoutLeftToRightInBreadthFirstOrderFromTheStart() throws DocumentException {
        GraphLayout layout = GraphLayout.of(HarnessReader.parse("chain.harness.yaml", WITHOUT_LAYOUT).harness());

        assertThat(layout.positions()).containsOnlyKeys("first", "second", "done");
        assertThat(layout.positions().keySet()).containsExactly("first", "second", "done");
        Position first = layout.positions().get("first");
        Position second = layout.positions().get("second");
        Position done = layout.positions().get("done");
        assertThat(first.x()).isLessThan(second.x());
        assertThat(second.x() - first.x()).isGreaterThan(GraphLayout.NODE_WIDTH);
        assertThat(done.x() - second.x()).isGreaterThan(GraphLayout.NODE_WIDTH);
        assertThat(first.y()).isEqualTo(second.y()).isEqualTo(done.y());
    }

    @Test
    void keepsTheStartTagOnTheCanvasWhenTheLayoutIsAtTheTopEdge() throws DocumentException {
        GraphLayout layout = GraphLayout.of(HarnessReader.parse("edge.harness.yaml",
                WITHOUT_LAYOUT + "layout: { first: [0, 0], second: [300, 0], done: [600, 0] }\n").harness());

        assertThat(layout.positions().values()).allSatisfy(p -> assertThat(p.y()).isGreaterThanOrEqualTo(30));
        assertThat(layout.positions().get("second").x() - layout.positions().get("first").x()).isEqualTo(300);
    }
}
