package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

import java.util.List;

/**
 * Keras's {@code TimeDistributed}: applies one layer (one set of weights) to every step of
 * {@code (None, steps, ...)}, giving {@code (None, steps, ...inner output)}. The steps are folded
 * into the batch axis for the inner layer, so it runs as one batched call.
 */
public final class TimeDistributed extends Layer {
    private final Layer layer;

    /** Wraps {@code layer}, which sees one step at a time. */
    public TimeDistributed(Layer layer) {
        if (layer == null) throw new IllegalArgumentException("TimeDistributed needs a layer");
        this.layer = layer;
    }

    /** The wrapped layer. */
    public Layer layer() { return layer; }

    @Override
    public List<Layer> sublayers() { return List.of(layer); }

    @Override
    protected Shape computeOutputShape(Shape input) {
        if (input.rank() < 2) throw incompatible("expects inputs of shape (batch, steps, ...)", input);
        return layer.outputShapeFor(input.dropFirst()).prepend(input.dim(0));
    }

    @Override
    protected void createParams(Shape input, WeightFactory weights) {
        layer.build(input.dropFirst(), weights);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int n = x.dim(0), steps = x.dim(1);
        int[] folded = x.shape().dropFirst().toArray();
        folded[0] = n * steps;
        Tensor y = layer.call(x.reshape(folded), training);
        int[] unfolded = y.shape().prepend(n).toArray();
        unfolded[1] = steps;
        return y.reshape(unfolded);
    }

    /** The steps stay where they are, so a mask on them passes through, as in Keras. */
    @Override
    public boolean supportsMasking() { return true; }

    @Override
    public List<Tensor> params() { return layer.params(); }

    @Override
    public List<Tensor> nonTrainableParams() { return layer.nonTrainableParams(); }

    @Override
    public List<Tensor> weights() { return layer.weights(); }

    @Override
    public long paramCount() { return layer.paramCount(); }

    @Override
    public long trainableParamCount() { return layer.trainableParamCount(); }

    @Override
    public void release() { layer.release(); }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        JsonObject inner = new JsonObject();
        inner.addProperty("class_name", layer.typeName());
        inner.add("config", layer.config());
        c.add("layer", inner);
        return c;
    }

    static TimeDistributed fromConfig(ConfigReader c) {
        return ConfigValues.named(new TimeDistributed(c.object("layer", LayerRegistry::wrapped)), c);
    }
}
