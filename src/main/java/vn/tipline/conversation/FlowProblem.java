package vn.tipline.conversation;

/** One thing wrong with a flow file, named so that its author can find and fix it. */
public record FlowProblem(String file, String node, String problem) {

    @Override
    public String toString() {
        return node == null ? file + ": " + problem : file + ": node '" + node + "': " + problem;
    }
}
