package dev.myelin.tensor;

/**
 * One recorded op in the autograd graph: its inputs and how to turn the gradient of its output
 * into gradients of its inputs (null for an input that needs none).
 */
public final class Node {

    /** The backward of one op. */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String name;
    private final Tensor[] inputs;
    private final Backward backward;

    /** A step of the autograd tape: {@code backward} turns the output's gradient into its {@code inputs}' gradients. */
    public Node(String name, Backward backward, Tensor... inputs) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** The op's name, for error messages. */
    public String name() { return name; }

    Tensor[] inputs() { return inputs; }

    Tensor[] backward(Tensor gradOutput) { return backward.apply(gradOutput); }

    @Override
    public String toString() { return name; }
}
