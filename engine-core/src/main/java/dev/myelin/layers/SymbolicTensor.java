package dev.myelin.layers;

import dev.myelin.tensor.Shape;

/**
 * A placeholder for a batch of values flowing through a model graph (Keras's {@code KerasTensor}): it
 * knows its sample shape and the node that produces it, not any values. {@link Input#of} makes the
 * first ones and {@link Layer#apply} the rest; {@code new Model(inputs, outputs)} runs the graph between them.
 */
public final class SymbolicTensor {
    private final Shape shape;
    private final LayerNode node;
    private final int index;

    SymbolicTensor(Shape shape, LayerNode node, int index) {
        this.shape = shape;
        this.node = node;
        this.index = index;
    }

    /** The sample shape (without the batch axis). */
    public Shape shape() { return shape; }

    /** The node that produces this tensor. */
    public LayerNode node() { return node; }

    /** The layer that produces this tensor. */
    public Layer layer() { return node.layer(); }

    /** Which of its node's outputs this tensor is. */
    public int index() { return index; }

    /** How summaries and saved files name it, as Keras does: {@code conv2d_1[0][0]} (layer, node, output). */
    public String reference() {
        return node.layer().name() + "[" + node.index() + "][" + index + "]";
    }

    /** {@code 'dense' outputs (None, 10)} or {@code the input 'input_layer' is (None, 50)}: for errors. */
    String describeSource() {
        String shapeText = Shapes.batched(shape);
        return node.layer() instanceof Input ? "the input '" + node.layer().name() + "' is " + shapeText
                : "'" + node.layer().name() + "' outputs " + shapeText;
    }

    @Override
    public String toString() {
        return "SymbolicTensor" + Shapes.batched(shape) + " from " + reference();
    }
}
