package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Workflows of user-chosen size validate without recursion: no stack overflow however long or wide they are. The
 * documents are written in YAML's flow style with base-36 node ids, to stay within the reader's size cap.
 */
class LargeWorkflowTest {

    private static final int NODES = 100_000;

    private static String id(int i) {
        return "x" + Integer.toString(i, 36);
    }

    private static StringBuilder header(String start, boolean guarded) {
        return new StringBuilder("bridle: 1\nname: large\nagents: { c: { system: codes, tools: [fs.read] } }\n"
                + (guarded ? "guards: [ { id: budget, steps: { max: 10 } } ]\n" : "")
                + "workflow:\n  start: " + start + "\n  nodes: {\n");
    }

    @Test
    void aLinearWorkflowOfAHundredThousandNodesValidates() throws DocumentException {
        StringBuilder y = header(id(0), true);
        for (int i = 0; i < NODES; i++) {
            y.append(id(i)).append(": {agent: c, next: ").append(id(i + 1)).append("},\n");
        }
        y.append(id(NODES)).append(": {end: completed} }\n");

        HarnessReader.Loaded loaded = HarnessReader.parse("linear.harness.yaml", y.toString());

        assertThat(loaded.harness().workflow().nodes()).hasSize(NODES + 1);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void aCycleOfFiftyThousandNodesWithNoAgentIsFoundWithoutRecursion() throws DocumentException {
        // Half as many: a checkpoint node is longer to write, and the document's size cap is fixed.
        int ring = NODES / 2;
        StringBuilder y = header(id(0), false);
        for (int i = 1; i < ring; i++) {
            y.append(id(i)).append(": {checkpoint: true, next: ").append(id((i + 1) % ring)).append("},\n");
        }
        y.append(id(0)).append(": {check: 'steps < 3', then: ").append(id(1)).append(", else: w},\n");
        y.append("w: {agent: c, next: e}, e: {end: completed} }\n");

        HarnessReader.Loaded loaded = HarnessReader.parse("ring.harness.yaml", y.toString());

        assertThat(loaded.warnings()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("has no agent node on it"))
                .anySatisfy(m -> assertThat(m).contains("is not bounded by any guard"));
    }

    @Test
    void aWideWorkflowOfAHundredThousandNodesValidates() throws DocumentException {
        StringBuilder y = header("p", true);
        StringBuilder branches = new StringBuilder();
        // Half the nodes start branches of one parallel node; each branch has a second agent node before the join.
        for (int i = 0; i < NODES / 2; i++) {
            y.append(id(i)).append(": {agent: c,next: ").append(id(NODES / 2 + i)).append("},");
            y.append(id(NODES / 2 + i)).append(": {agent: c,next: j},\n");
            // One branch a line: a YAML line may be at most 16,384 characters.
            branches.append(i == 0 ? "" : ",\n").append(id(i));
        }
        y.append("p: {parallel: [").append(branches).append("], join: j},\n");
        y.append("j: {join: true, next: e}, e: {end: completed} }\n");

        HarnessReader.Loaded loaded = HarnessReader.parse("wide.harness.yaml", y.toString());

        assertThat(loaded.harness().workflow().nodes()).hasSize(NODES + 3);
        assertThat(loaded.warnings()).isEmpty();
    }
}
