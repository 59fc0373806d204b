package quickstart;

import dev.myelin.layers.Dense;
import dev.myelin.layers.Input;
import dev.myelin.model.FitOptions;
import dev.myelin.model.Sequential;

/**
 * The first program of most Keras courses ("Hello World" of neural networks): a single neuron learns
 * {@code y = 2x - 1} from six points.
 *
 * <pre>
 * model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(units=1)])
 * model.compile(optimizer="sgd", loss="mean_squared_error")
 * model.fit(xs, ys, epochs=500, verbose=0)
 * print(model.predict(np.array([[10.0]])))
 * </pre>
 */
public final class HelloNeuralNetwork {
    private HelloNeuralNetwork() {}

    /** Trains the neuron and returns its prediction for {@code x}. */
    public static float trainAndPredict(float x) {
        float[][] xs = {{-1}, {0}, {1}, {2}, {3}, {4}};
        float[] ys = {-3, -1, 1, 3, 5, 7};

        Sequential model = new Sequential(new Input(1), new Dense(1));
        model.compile("sgd", "mean_squared_error");
        model.fit(xs, ys, new FitOptions().epochs(500).verbose(0));
        return model.predict(new float[][] {{x}})[0][0];
    }

    public static void main(String[] args) {
        System.out.printf("prediction for x = 10: %.3f (the rule y = 2x - 1 gives 19)%n", trainAndPredict(10));
    }
}
