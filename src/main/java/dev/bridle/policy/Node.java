package dev.bridle.policy;

import java.util.List;
import java.util.Optional;

/** A node of the workflow graph. The set of kinds is closed so that every {@code switch} over it is exhaustive. */
public sealed interface Node
        permits Node.AgentNode,
                Node.CheckNode,
                Node.ApprovalNode,
                Node.CheckpointNode,
                Node.ParallelNode,
                Node.JoinNode,
                Node.EndNode {

    /** The key under {@code workflow.nodes}. */
    String id();

    /** The ids of the nodes this one can hand over to, in document order. */
    List<String> successors();

    /** The word used in documents for this kind of node. */
    String kind();

    /** The kind words, in the order the editor's palette shows them. */
    List<String> KINDS = List.of("agent", "check", "approval", "checkpoint", "parallel", "join", "end");

    private static List<String> targets(List<Edge> edges) {
        return edges.stream().map(Edge::to).toList();
    }

    /**
     * A turn of an agent: the model is called, and its tool calls run, until it answers without a tool call.
     *
     * @param onError this node's error policy; the harness's applies when empty
     */
    record AgentNode(String id, String agent, List<Edge> next, Optional<ErrorPolicy> onError) implements Node {
        public AgentNode {
            next = List.copyOf(next);
        }

        public AgentNode(String id, String agent, String next) {
            this(id, agent, List.of(Edge.to(next)), Optional.empty());
        }

        @Override
        public List<String> successors() {
            return targets(next);
        }

        @Override
        public String kind() {
            return "agent";
        }
    }

    /** A validation check: a CEL condition over the run state picks {@code then} or {@code otherwise}. */
    record CheckNode(String id, String condition, String then, String otherwise, Optional<ErrorPolicy> onError)
            implements Node {
        @Override
        public List<String> successors() {
            return List.of(then, otherwise);
        }

        @Override
        public String kind() {
            return "check";
        }
    }

    /** A human decision: approval goes to {@code then}, rejection (or a timeout) to {@code otherwise}. */
    record ApprovalNode(String id, String prompt, String then, String otherwise) implements Node {
        @Override
        public List<String> successors() {
            return List.of(then, otherwise);
        }

        @Override
        public String kind() {
            return "approval";
        }
    }

    /** Saves the run state so that a later rollback can return to it. */
    record CheckpointNode(String id, List<Edge> next) implements Node {
        public CheckpointNode {
            next = List.copyOf(next);
        }

        @Override
        public List<String> successors() {
            return targets(next);
        }

        @Override
        public String kind() {
            return "checkpoint";
        }
    }

    /** Starts several branches that take turns (see coordination) until each reaches {@code join}. */
    record ParallelNode(String id, List<String> branches, String join) implements Node {
        public ParallelNode {
            branches = List.copyOf(branches);
        }

        @Override
        public List<String> successors() {
            return branches;
        }

        @Override
        public String kind() {
            return "parallel";
        }
    }

    /** Where parallel branches meet; the run goes on once every branch has arrived. */
    record JoinNode(String id, List<Edge> next) implements Node {
        public JoinNode {
            next = List.copyOf(next);
        }

        @Override
        public List<String> successors() {
            return targets(next);
        }

        @Override
        public String kind() {
            return "join";
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
