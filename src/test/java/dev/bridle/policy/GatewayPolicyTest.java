package dev.bridle.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness's {@code gateway:} section: read, defaulted, written back, and refused when wrong. */
class GatewayPolicyTest {

    private static final String BASE = """
            bridle: 1
            name: g
            agents:
              a: { system: s, tools: [fs.read] }
            workflow:
              start: s
              nodes:
                s: { agent: a, next: done }
                done: { end: completed }
            """;

    @Test
    void aHarnessWithoutTheSectionRemovesDeniedCallsAndWaitsFiveMinutes() throws Exception {
        assertThat(HarnessReader.parse("g.yaml", BASE).harness().gateway()).isEqualTo(GatewayPolicy.DEFAULT);
        assertThat(HarnessWriter.yaml(HarnessReader.parse("g.yaml", BASE).harness())).doesNotContain("gateway");
    }

    @Test
    void theSectionIsReadAndWrittenBack() throws Exception {
        Harness h = HarnessReader.parse("g.yaml", BASE + "gateway: { denied-call: error, approval-timeout: 90s }\n")
                .harness();
        assertThat(h.gateway()).isEqualTo(new GatewayPolicy(GatewayPolicy.DeniedCall.ERROR, Duration.ofSeconds(90)));
        Harness again = HarnessReader.parse("again.yaml", HarnessWriter.yaml(h)).harness();
        assertThat(again.gateway()).isEqualTo(h.gateway());
    }

    @Test
    void anUnknownChoiceIsALocatedError() {
        assertThatThrownBy(() -> HarnessReader.parse("g.yaml", BASE + "gateway: { denied-call: drop }\n"))
                .isInstanceOfSatisfying(DocumentException.class, e -> assertThat(e.problems().getFirst().render())
                        .startsWith("g.yaml:10:").contains("denied-call"));
    }

    @Test
    void aZeroApprovalTimeoutIsRefused() {
        assertThatThrownBy(() -> HarnessReader.parse("g.yaml", BASE + "gateway: { approval-timeout: 0s }\n"))
                .isInstanceOfSatisfying(DocumentException.class, e -> assertThat(e.problems().getFirst().render())
                        .contains("approval-timeout must be more than 0"));
    }
}
