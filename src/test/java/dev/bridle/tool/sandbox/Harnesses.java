package dev.bridle.tool.sandbox;

import dev.bridle.policy.HarnessReader;
import dev.bridle.policy.Permissions;

/** Harnesses for sandbox and shell tests, read from YAML as users write them. */
public final class Harnesses {

    private Harnesses() {}

    /**
     * The permissions of a one-agent harness ({@code a}, with {@code b} beside it) whose rules are the given YAML
     * lines, each a flow mapping such as {@code { id: w, allow: fs.write, paths: ["src/**"] }}.
     */
    public static Permissions permissions(String... rules) {
        return harness(rules).harness().permissions();
    }

    /** The whole harness for {@link #permissions}. */
    public static HarnessReader.Loaded harness(String... rules) {
        StringBuilder yaml = new StringBuilder("""
                bridle: 1
                name: shell-test
                agents:
                  a: { system: test, tools: [shell, fs.read, fs.write, fs.list] }
                  b: { system: test, tools: [shell] }
                workflow:
                  start: n
                  nodes:
                    n: { agent: a, next: done }
                    done: { end: completed }
                permissions:
                  default: deny
                  rules:
                """);
        if (rules.length == 0) {
            yaml.append("    []\n");
        }
        for (String rule : rules) {
            yaml.append("    - ").append(rule).append('\n');
        }
        try {
            return HarnessReader.parse("shell-test.harness.yaml", yaml.toString());
        } catch (Exception e) {
            throw new IllegalArgumentException(yaml + "\n" + e.getMessage(), e);
        }
    }
}
