package dev.myelin.model;

import dev.myelin.layers.BatchNormFold;
import dev.myelin.layers.Input;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNode;
import dev.myelin.layers.SymbolicTensor;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's graph, walked once from its outputs back to its inputs into an execution order (Keras's
 * {@code Functional} does the same by node depth). Running it fills one slot per symbolic tensor with
 * the real tensor (and its mask), node after node.
 */
final class Graph {
    final List<SymbolicTensor> inputs;
    final List<SymbolicTensor> outputs;
    /** The nodes to run, each after the nodes it takes inputs from; input nodes left out. */
    final List<LayerNode> nodes;
    /** Every layer once: the input layers, then the others in execution order (Keras's {@code model.layers}). */
    final List<Layer> layers;
    private final Map<SymbolicTensor, Integer> slots = new IdentityHashMap<>();
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final int[][] nodeInputs;
    private final int[][] nodeOutputs;
    /**
     * For inference: node i's batch norm (the node taking its output), or -1 where node i is not a
     * convolution whose batch norm folds into it ({@link BatchNormFold}).
     */
    private final int[] foldedNorm;
    /**
     * For inference: the Add node (of two inputs) that alone takes node i's folded batch norm's
     * output, whose other input is made before node i runs, or -1: the fold adds that input.
     */
    private final int[] foldedAdd;
    /** For inference: the Activation node after node i's folded batch norm (or its Add), or -1. */
    private final int[] foldedActivation;
    /** See {@link #largestSampleActivation()}. */
    private final long largestSampleActivation;
    /** See {@link #samplewiseInference()}; null until first asked. */
    private Boolean samplewiseInference;

    /** The outputs of one run and their masks (entries null where none). */
    record Result(List<Tensor> outputs, List<Tensor> masks) {}

    Graph(String modelName, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        if (inputs.isEmpty() || outputs.isEmpty()) throw new IllegalArgumentException("model '" + modelName + "' needs inputs and outputs");
        Set<SymbolicTensor> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor t : inputs) {
            if (!(t.layer() instanceof Input)) {
                throw new IllegalArgumentException("model '" + modelName + "': its inputs must come from Input.of(...), but " + t
                        + " comes from " + t.layer().describe());
            }
            if (!inputSet.add(t)) throw new IllegalArgumentException("model '" + modelName + "' lists input " + t + " twice");
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        List<LayerNode> order = new ArrayList<>();
        Set<LayerNode> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor out : outputs) visit(modelName, out, inputSet, done, order);
        this.nodes = List.copyOf(order);

        LinkedHashSet<Layer> unique = new LinkedHashSet<>();
        for (SymbolicTensor t : inputs) unique.add(t.layer());
        for (LayerNode n : nodes) unique.add(n.layer());
        this.layers = List.copyOf(unique);

        for (SymbolicTensor t : inputs) slot(t);
        nodeInputs = new int[nodes.size()][];
        nodeOutputs = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            LayerNode n = nodes.get(i);
            nodeInputs[i] = n.inputs().stream().mapToInt(this::slot).toArray();
            nodeOutputs[i] = n.outputs().stream().mapToInt(this::slot).toArray();
        }
        inputSlots = inputs.stream().mapToInt(this::slot).toArray();
        outputSlots = outputs.stream().mapToInt(this::slot).toArray();
        foldedNorm = new int[nodes.size()];
        foldedAdd = new int[nodes.size()];
        foldedActivation = new int[nodes.size()];
        planFolds();
        largestSampleActivation = findLargestSampleActivation();
    }

    /**
     * Finds each convolution whose one output goes only to a batch norm that folds into it (and
     * is no model output); then an Add of two inputs that alone takes the batch norm's output, where
     * the Add's other input is ready when the convolution runs; then an Activation layer that alone
     * takes the batch norm's (or that Add's) output.
     */
    private void planFolds() {
        int[] consumers = new int[slots.size()], consumer = new int[slots.size()], producer = new int[slots.size()];
        Arrays.fill(producer, -1);
        for (int i = 0; i < nodeInputs.length; i++) {
            for (int s : nodeInputs[i]) {
                consumers[s]++;
                consumer[s] = i;
            }
            for (int s : nodeOutputs[i]) producer[s] = i;
        }
        for (int s : outputSlots) consumers[s] = -1;
        for (int i = 0; i < nodeInputs.length; i++) {
            foldedNorm[i] = foldedAdd[i] = foldedActivation[i] = -1;
            if (!singleInOut(i) || consumers[nodeOutputs[i][0]] != 1) continue;
            int norm = consumer[nodeOutputs[i][0]];
            if (!singleInOut(norm) || !BatchNormFold.folds(nodes.get(i).layer(), nodes.get(norm).layer())) continue;
            foldedNorm[i] = norm;
            int out = nodeOutputs[norm][0];
            if (consumers[out] != 1) continue;
            int next = consumer[out];
            int[] addIn = nodeInputs[next];
            if (BatchNormFold.addsResidual(nodes.get(next).layer(), addIn.length) && nodeOutputs[next].length == 1) {
                int other = addIn[0] == out ? addIn[1] : addIn[0];
                List<SymbolicTensor> addInputs = nodes.get(next).inputs();
                if (other == out || producer[other] >= i || !addInputs.get(0).shape().equals(addInputs.get(1).shape())) continue;
                foldedAdd[i] = next;
                out = nodeOutputs[next][0];
                if (consumers[out] != 1) continue;
                next = consumer[out];
            }
            if (singleInOut(next) && BatchNormFold.fusedActivation(nodes.get(next).layer()) != null) foldedActivation[i] = next;
        }
    }

    private boolean singleInOut(int node) {
        return nodeInputs[node].length == 1 && nodeOutputs[node].length == 1;
    }

    private int slot(SymbolicTensor t) {
        return slots.computeIfAbsent(t, k -> slots.size());
    }

    /** Depth-first from {@code t} to the inputs, adding each node after the nodes it needs (iteratively: deep graphs must not overflow the stack). */
    private static void visit(String modelName, SymbolicTensor t, Set<SymbolicTensor> inputs, Set<LayerNode> done, List<LayerNode> order) {
        List<LayerNode> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        if (inputs.contains(t) || !enter(modelName, t, null, done, stack, next)) return;
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            LayerNode node = stack.get(top);
            int k = next.get(top);
            if (k < node.inputs().size()) {
                next.set(top, k + 1);
                SymbolicTensor in = node.inputs().get(k);
                if (!inputs.contains(in)) enter(modelName, in, node, done, stack, next);
            } else {
                order.add(node);
                stack.remove(top);
                next.remove(top);
            }
        }
    }

    private static boolean enter(String modelName, SymbolicTensor t, LayerNode consumer, Set<LayerNode> done,
                                 List<LayerNode> stack, List<Integer> next) {
        LayerNode node = t.node();
        if (node.layer() instanceof Input) {
            throw new IllegalArgumentException("Graph disconnected: model '" + modelName + "' cannot obtain the value of input '"
                    + node.layer().name() + "' " + t.shape() + (consumer == null ? "" : ", which " + consumer.layer().describe() + " needs")
                    + "; pass it in the model's inputs");
        }
        if (!done.add(node)) return false;
        stack.add(node);
        next.add(0);
        return true;
    }

    /** While set (on this thread), told each layer's outputs as they are made: how a divergence is traced to a layer. */
    static final ThreadLocal<java.util.function.BiConsumer<Layer, List<Tensor>>> OBSERVER = new ThreadLocal<>();

    /** Runs the graph on a batch of every input (with their masks, entries null where none). */
    Result run(List<Tensor> xs, List<Tensor> inputMasks, boolean training) {
        if (xs.size() != inputSlots.length) {
            throw new IllegalArgumentException("the model takes " + inputSlots.length + " inputs, got " + xs.size());
        }
        Tensor[] values = new Tensor[slots.size()];
        Tensor[] masks = new Tensor[slots.size()];
        for (int i = 0; i < inputSlots.length; i++) {
            values[inputSlots[i]] = xs.get(i);
            masks[inputSlots[i]] = inputMasks == null ? null : inputMasks.get(i);
        }
        // Inference: batch norms fold into their convolutions (the same function, fewer passes).
        boolean fold = !training && !Ops.recording() && OBSERVER.get() == null;
        boolean[] folded = fold ? new boolean[nodeInputs.length] : null;
        for (int i = 0; i < nodeInputs.length; i++) {
            int[] in = nodeInputs[i], out = nodeOutputs[i];
            if (fold && folded[i]) continue;
            if (fold && foldedNorm[i] >= 0 && masks[in[0]] == null) {
                runFolded(i, values, masks, folded);
                continue;
            }
            Tensor[] args = new Tensor[in.length], argMasks = new Tensor[in.length];
            for (int k = 0; k < in.length; k++) {
                args[k] = values[in[k]];
                argMasks[k] = masks[in[k]];
            }
            Layer layer = nodes.get(i).layer();
            List<Tensor> ins = Arrays.asList(args), inMasks = Arrays.asList(argMasks);
            List<Tensor> results;
            List<Tensor> outMasks;
            if (layer instanceof Model nested) {
                Result r = nested.graph().run(ins, inMasks, training);
                results = r.outputs();
                outMasks = r.masks();
            } else {
                results = layer.call(ins, inMasks, training);
                outMasks = layer.computeMask(ins, inMasks);
            }
            java.util.function.BiConsumer<Layer, List<Tensor>> observer = OBSERVER.get();
            if (observer != null && !(layer instanceof Model)) observer.accept(layer, results);
            if (results.size() != out.length) {
                throw new IllegalStateException(layer.describe() + " returned " + results.size() + " outputs; its shapes promised " + out.length);
            }
            for (int k = 0; k < out.length; k++) {
                values[out[k]] = results.get(k);
                masks[out[k]] = outMasks == null ? null : outMasks.get(k);
            }
        }
        Tensor[] y = new Tensor[outputSlots.length], yMasks = new Tensor[outputSlots.length];
        for (int i = 0; i < outputSlots.length; i++) {
            y[i] = values[outputSlots[i]];
            yMasks[i] = masks[outputSlots[i]];
        }
        return new Result(Arrays.asList(y), Arrays.asList(yMasks));
    }

    /** The most values one sample makes at any node output (or input): the largest activation inference holds per sample. */
    long largestSampleActivation() {
        return largestSampleActivation;
    }

    private long findLargestSampleActivation() {
        long most = 0;
        for (SymbolicTensor t : inputs) most = Math.max(most, t.shape().size());
        for (LayerNode n : nodes) for (SymbolicTensor t : n.outputs()) most = Math.max(most, t.shape().size());
        return most;
    }

    /**
     * Whether each sample's inference output depends on that sample alone, so that a batch may run
     * in parts with the same results: true when every layer is one of the engine's own, whose
     * inference is per sample (nested models checked through); a user's layer class might not be.
     * Found on first use (a nested model's graph may be defined after this one), then kept.
     */
    boolean samplewiseInference() {
        if (samplewiseInference == null) {
            boolean all = true;
            for (Layer layer : layers) {
                all &= layer instanceof Model m
                        ? (m.getClass() == Model.class || m.getClass() == Sequential.class) && m.graph().samplewiseInference()
                        : layer.getClass().getPackageName().equals(Layer.class.getPackageName());
            }
            samplewiseInference = all;
        }
        return samplewiseInference;
    }

    /** How many batch norms inference folds into their convolutions (for tests). */
    int foldedNorms() {
        int n = 0;
        for (int norm : foldedNorm) if (norm >= 0) n++;
        return n;
    }

    /**
     * Runs convolution node {@code i} with its batch norm (and Add, and activation) folded in,
     * marking those nodes done; the Add only where its other input has no mask.
     */
    private void runFolded(int i, Tensor[] values, Tensor[] masks, boolean[] folded) {
        int norm = foldedNorm[i], add = foldedAdd[i], act = foldedActivation[i];
        Tensor residual = null;
        if (add >= 0) {
            int[] addIn = nodeInputs[add];
            int other = addIn[0] == nodeOutputs[norm][0] ? addIn[1] : addIn[0];
            if (masks[other] == null) residual = values[other];
        }
        if (add >= 0 && residual == null) act = -1;
        int last = act >= 0 ? act : residual != null ? add : norm;
        String activation = act >= 0 ? BatchNormFold.fusedActivation(nodes.get(act).layer()) : "linear";
        values[nodeOutputs[last][0]] = BatchNormFold.apply(nodes.get(i).layer(), nodes.get(norm).layer(), activation,
                values[nodeInputs[i][0]], residual);
        folded[norm] = true;
        if (residual != null) folded[add] = true;
        if (act >= 0) folded[act] = true;
    }

    /** How many of the folds add a residual (for tests). */
    int foldedAdds() {
        int n = 0;
        for (int add : foldedAdd) if (add >= 0) n++;
        return n;
    }

    /** The nodes of this graph applying {@code layer}, in order: how saved files number a shared layer's nodes. */
    List<LayerNode> nodesOf(Layer layer) {
        List<LayerNode> own = new ArrayList<>();
        for (SymbolicTensor t : inputs) if (t.layer() == layer) own.add(t.node());
        for (LayerNode n : nodes) if (n.layer() == layer) own.add(n);
        return own;
    }
}
