package dev.myelin.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code myelin} command line: {@code train}, {@code evaluate}, {@code predict}, {@code coffee}, {@code autoencoder}, {@code resnet},
 * {@code help}. A mistake in the command line prints the usage; a bad file or a model that rejects
 * its input prints the error's message, not a stack trace (set {@code MYELIN_DEBUG=1} for one).
 */
public final class Main {
    static final String USAGE = """
            usage: myelin <command> [flags]

            commands:
              train     train the LeNet CNN on MNIST, report test accuracy, write model, history and chart
                          --data DIR        folder with the four MNIST IDX files, plain or .gz
                                            (default: the 10,000/2,000-image subset inside the project)
                          --epochs N        epochs (default %d)
                          --batch-size N    mini-batch size (default %d)
                          --backend NAME    cpu or cuda (default: cuda if it starts, else cpu)
                          --out DIR         where to write model.myelin, history.json, learning-curves.png
                                            (default: a new folder under runs/)
                          --seed N          seed for initial weights and shuffling (default %d)
              evaluate  test loss and accuracy of a saved model
                          --model FILE  [--data DIR] [--batch-size N] [--backend NAME]
              predict   a saved model's guesses for the first test images
                          --model FILE  [--data DIR] [--count N] [--backend NAME]
              coffee    the coffee-roasting lab: a 2-3-1 sigmoid network on synthetic roasts
                          [--seed N] [--epochs N] [--backend NAME]
              sequence  the adding problem: LSTM and GRU sum the two marked values of 50-step sequences
                          [--cell lstm|gru|both] [--epochs N] [--seed N] [--backend NAME]
              sentiment generated reviews to token ids; Embedding + Bidirectional LSTM beside Embedding + Conv1D
                          [--epochs N] [--seed N] [--backend NAME]
              autoencoder  a convolutional autoencoder on MNIST: held-out reconstruction error and a PNG
                          of originals above reconstructions (written to --out DIR, default a folder under runs/)
                          [--epochs N] [--seed N] [--backend NAME] [--out DIR]
              resnet    a residual net on MNIST padded to 32x32x3, with and without BatchNormalization:
                          held-out accuracies and both learning curves in one PNG (in --out DIR); Adam
                          from --learning-rate (default 0.01) with cosine decay
                          [--epochs N] [--learning-rate R] [--seed N] [--backend NAME] [--out DIR]
              medication  the medication-trial lab: ages 13-100, Dense 16-32-2 softmax, validation split 0.1
                          [--seed N] [--epochs N] [--backend NAME]
              digits01  handwritten 0 and 1 on 20x20 images: Dense 25-15-1 sigmoid
                          [--seed N] [--epochs N] [--backend NAME]
              digits    handwritten digits 0-9 on 20x20 images: Dense 25-15-10 softmax
                          [--seed N] [--epochs N] [--backend NAME]
              cars      car-price regression from a CSV of Age, KM, Weight, HP, MetColor, CC, Doors; test MAE
                          [--csv FILE] [--seed N] [--epochs N] [--backend NAME]
              function  approximating sin(2x) + x/2 with a layer of Gaussian activations
                          [--seed N] [--epochs N] [--backend NAME]
              overfitting  a net that overfits, then cured with L2, Dropout and EarlyStopping; one PNG of the curves
                          [--seed N] [--epochs N] [--out DIR] [--backend NAME]
              help      this text

            commands of the ./myelin launcher (not of the java program):
              test      the whole test suite (mvn test); maven arguments pass through
              fuzz      fuzz the file readers with Jazzer: [--minutes N (default 10)] [Class#method ...]
              bench     the JMH benchmarks: [--full | --targets [--forks N]] [--filter REGEX] | --jmh [JMH args]
              install   put dev.myelin:myelin, myelin-core, myelin-cpu, myelin-cuda and myelin-bom
                        into the local Maven repository, for your own projects
              jshell    JShell with Myelin on the class path, the JVM flags set and the imports done
              javadoc   the API docs of every module, failing on any doclint warning
              aot-cache record the JIT warm-up cache (JDK 25's AOT cache) that later runs of this
                        build use; the distribution records it when packaged; MYELIN_AOT=off leaves it out
            """.formatted(TrainCommand.DEFAULT_EPOCHS, TrainCommand.DEFAULT_BATCH_SIZE, TrainCommand.DEFAULT_SEED);

    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command; returns the exit status: 0 done, 1 failed, 2 bad command line. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            out.print(USAGE);
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        try {
            switch (args[0]) {
                case "train" -> TrainCommand.run(rest, out);
                case "evaluate" -> EvaluateCommand.run(rest, out);
                case "predict" -> PredictCommand.run(rest, out);
                case "coffee" -> CoffeeRoasting.run(rest, out);
                case "sequence" -> AddingProblem.run(rest, out);
                case "sentiment" -> Sentiment.run(rest, out);
                case "autoencoder" -> Autoencoder.run(rest, out);
                case "resnet" -> Resnet.run(rest, out);
                case "medication" -> MedicationTrial.run(rest, out);
                case "digits01", "digits" -> HandwrittenDigits.run(args[0], rest, out);
                case "cars" -> CarPrices.run(rest, out);
                case "function" -> FunctionApproximation.run(rest, out);
                case "overfitting" -> Overfitting.run(rest, out);
                case "help", "--help", "-h" -> out.print(USAGE);
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("myelin: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            // The engine's errors are written for the user (layer, shapes, file); print them as they are.
            out.flush();
            err.println("myelin: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("MYELIN_DEBUG") != null) e.printStackTrace(err);
            else err.println("(set MYELIN_DEBUG=1 for the stack trace)");
            return 1;
        } catch (OutOfMemoryError e) {
            // The engine checks its large allocations; this is the net for one it did not foresee.
            out.flush();
            long max = Runtime.getRuntime().maxMemory();
            err.println("myelin: out of memory: the Java heap is limited to " + (max >> 20) + " MiB; give Java more with "
                    + "MYELIN_JAVA_OPTS=-Xmx" + Math.max(1, 2 * ((max >> 30) + 1)) + "g");
            if (System.getenv("MYELIN_DEBUG") != null) e.printStackTrace(err);
            return 1;
        }
    }
}
