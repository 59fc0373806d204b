package dev.myelin.layers;

import dev.myelin.tensor.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One application of a layer in a model graph (Keras's {@code Node}): the symbolic tensors it took
 * and the ones it produced. {@link Layer#apply} records one per call; a layer applied twice has two
 * nodes and one set of weights.
 */
public final class LayerNode {
    private final Layer layer;
    private final int index;
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs;

    LayerNode(Layer layer, int index, List<SymbolicTensor> inputs, List<Shape> outputShapes) {
        this.layer = layer;
        this.index = index;
        this.inputs = List.copyOf(inputs);
        List<SymbolicTensor> out = new ArrayList<>();
        for (int i = 0; i < outputShapes.size(); i++) out.add(new SymbolicTensor(outputShapes.get(i), this, i));
        this.outputs = Collections.unmodifiableList(out);
    }

    /** The layer applied. */
    public Layer layer() { return layer; }

    /** This node's position among its layer's {@link Layer#inboundNodes()}. */
    public int index() { return index; }

    /** The tensors the layer was applied to (none for an {@link Input}'s node). */
    public List<SymbolicTensor> inputs() { return inputs; }

    /** The tensors the layer produced, one per output. */
    public List<SymbolicTensor> outputs() { return outputs; }

    /** The inputs' sample shapes. */
    public List<Shape> inputShapes() {
        List<Shape> s = new ArrayList<>();
        for (SymbolicTensor t : inputs) s.add(t.shape());
        return s;
    }

    @Override
    public String toString() {
        return layer.name() + "[" + index + "]";
    }
}
