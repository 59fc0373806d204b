package dev.myelin.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Frees the temporaries of a block of work: every tensor created on this thread while the scope is
 * the innermost open one is closed when the scope closes, unless it was {@link #keep kept}. A
 * training step runs in one, so it leaves nothing behind but the parameters and optimizer state,
 * which are created outside any scope.
 *
 * <pre>{@code
 * try (Scope step = Scope.open()) {
 *     Tensor loss = ...;
 *     result = Scope.keep(loss);   // survives this scope, joins the enclosing one (if any)
 * }
 * }</pre>
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Deque<Scope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    private Scope() {}

    /** Opens a scope: tensors made until it closes are freed then, unless kept. */
    public static Scope open() {
        Scope s = new Scope();
        OPEN.get().push(s);
        return s;
    }

    /** Takes {@code t} out of the innermost scope, into the enclosing one if there is one. */
    public static Tensor keep(Tensor t) {
        Deque<Scope> stack = OPEN.get();
        Scope inner = stack.peek();
        if (inner != null && inner.owned.remove(t)) {
            var it = stack.iterator();
            it.next();
            if (it.hasNext()) it.next().owned.add(t);
        }
        return t;
    }

    /** Takes {@code t} out of every open scope: its lifetime is the caller's to manage. */
    public static Tensor escape(Tensor t) {
        for (Scope s : OPEN.get()) {
            if (s.owned.remove(t)) break;
        }
        return t;
    }

    static void register(Tensor t) {
        Scope inner = OPEN.get().peek();
        if (inner != null) inner.owned.add(t);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Deque<Scope> stack = OPEN.get();
        if (stack.peek() != this) throw new IllegalStateException("scopes must be closed in the reverse order they were opened");
        stack.pop();
        for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).close();
        owned.clear();
    }
}
