package dev.bridle.policy;

import java.util.List;

/** A node of the workflow graph. The set of kinds is closed so that every {@code switch} over it is exhaustive. */
public sealed interface Node permits Node.AgentNode, Node.EndNode {

    /** The key under {@code workflow.nodes}. */
    String id();

    /** The ids of the nodes this one can hand over to, in document order. */
    List<String> successors();

    /** The word used in documents for this kind of node. */
    String kind();

    /** A turn of an agent: the model is called, and its tool calls run, until it answers without a tool call. */
    record AgentNode(String id, String agent, String next) implements Node {
        @Override
        public List<String> successors() {
            return List.of(next);
        }

        @Override
        public String kind() {
            return "agent";
        }
    }

    /** The end of the workflow, with the outcome a run that reaches it has. */
    record EndNode(String id, Outcome outcome) implements Node {
        @Override
        public List<String> successors() {
            return List.of();
        }

        @Override
        public String kind() {
            return "end";
        }
    }
}
