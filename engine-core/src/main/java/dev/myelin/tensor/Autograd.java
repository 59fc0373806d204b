package dev.myelin.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/** Reverse-mode differentiation over the graph of {@link Node}s that {@link Ops} records. */
final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {}

    static boolean recording() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    static AutoCloseable pauseRecording() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    static void backward(Tensor root) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad: nothing it came from requires grad");
        }
        if (root.size() != 1) {
            throw new IllegalStateException("backward() needs a scalar (a loss); this tensor has shape " + root.shape()
                    + ". Reduce it first, e.g. with Ops.mean");
        }
        if (root.gradFn() == null) {
            accumulateLeaf(root, root.backend().full(root.shape(), 1f));
            return;
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, root.backend().full(root.shape(), 1f));
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            Tensor g = grads.remove(t);
            if (g == null) continue;
            Node fn = t.gradFn();
            Tensor[] inputs = fn.inputs();
            Tensor[] inputGrads = fn.backward(g);
            for (int k = 0; k < inputs.length; k++) {
                Tensor in = inputs[k];
                Tensor ig = inputGrads[k];
                if (ig == null || !in.requiresGrad()) {
                    if (ig != null && ig != g) ig.close();
                    continue;
                }
                if (!ig.shape().equals(in.shape())) {
                    throw new IllegalStateException("autograd: " + fn.name() + " returned a gradient of shape " + ig.shape()
                            + " for an input of shape " + in.shape());
                }
                // The gradient of t is closed below; a backward that passes it through gets a view.
                if (ig == g || returnedEarlier(inputGrads, k)) ig = ig.view(ig.shape());
                if (in.gradFn() == null) {
                    accumulateLeaf(in, ig);
                } else {
                    Tensor previous = grads.get(in);
                    if (previous == null) {
                        grads.put(in, ig);
                    } else {
                        grads.put(in, in.backend().binary(dev.myelin.backend.BinaryOp.ADD, previous, ig));
                        previous.close();
                        ig.close();
                    }
                }
            }
            g.close();
        }
    }

    /** Whether {@code grads[k]} is the same tensor as an earlier entry (an op has at most a few inputs). */
    private static boolean returnedEarlier(Tensor[] grads, int k) {
        for (int i = 0; i < k; i++) if (grads[i] == grads[k]) return true;
        return false;
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        Tensor previous = leaf.grad();
        // A gradient closed with the scope of an earlier step is stale, not something to add to.
        if (previous == null || previous.isClosed()) {
            leaf.setGrad(g);
        } else {
            leaf.setGrad(leaf.backend().binary(dev.myelin.backend.BinaryOp.ADD, previous, g));
            g.close();
        }
    }

    /** Non-leaf tensors reachable from root, each after all the tensors it was computed from. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        // Iterative depth-first search: deep graphs must not overflow the stack.
        ArrayList<Tensor> stack = new ArrayList<>();
        ArrayList<Integer> next = new ArrayList<>();
        stack.add(root);
        next.add(0);
        visited.add(root);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            Tensor[] inputs = t.gradFn().inputs();
            int k = next.get(top);
            if (k < inputs.length) {
                next.set(top, k + 1);
                Tensor in = inputs[k];
                if (in.gradFn() != null && visited.add(in)) {
                    stack.add(in);
                    next.add(0);
                }
            } else {
                order.add(t);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }
}
