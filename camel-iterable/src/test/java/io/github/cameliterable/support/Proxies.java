package io.github.cameliterable.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** An interface's implementation that passes every call on to another, unless a test's interceptor answers it. */
public final class Proxies {
    /** What an interceptor returns to pass the call on. */
    public static final Object PASS = new Object();

    private Proxies() {
    }

    /** Sees each call first: returns the call's answer, {@link #PASS}, or throws. */
    @FunctionalInterface
    public interface Interceptor {
        Object call(Method method, Object[] args) throws Throwable;
    }

    public static <T> T passingOn(Class<T> type, T target, Interceptor interceptor) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (self, method, args) -> {
            Object answer = interceptor.call(method, args);
            if (answer != PASS) {
                return answer;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
