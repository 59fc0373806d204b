// Loaded by `./myelin jshell`: the API's packages, so a Keras-course line works as typed.
import dev.myelin.backend.*;
import dev.myelin.data.*;
import dev.myelin.initializers.*;
import dev.myelin.layers.*;
import dev.myelin.losses.*;
import dev.myelin.metrics.*;
import dev.myelin.model.*;
import dev.myelin.optimizers.*;
import dev.myelin.tensor.*;
System.out.println("Myelin " + Backends.current().name() + " backend: " + Backends.current().description());
System.out.println("Try: var model = new Sequential(new Input(4), new Dense(8).activation(\"relu\"), new Dense(1));");
