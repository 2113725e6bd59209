package io.batchrollout.local;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The functions of a package, found the way the Maven plugin and the host find them: every public method annotated
 * {@link FunctionName}, its trigger read from the parameter annotations. Nothing is registered by hand, so the runner
 * calls exactly what would be deployed.
 */
final class FunctionCatalog {
    private final Map<String, FunctionDefinition> byLowerName;

    private FunctionCatalog(List<FunctionDefinition> functions) {
        Map<String, FunctionDefinition> map = new LinkedHashMap<>();
        for (FunctionDefinition f : functions) {
            FunctionDefinition previous = map.put(f.name().toLowerCase(Locale.ROOT), f);
            if (previous != null) {
                throw new IllegalStateException("two functions are named '" + f.name() + "': " + previous.entryPoint()
                        + " and " + f.entryPoint() + " (function names are case-insensitive)");
            }
        }
        this.byLowerName = Collections.unmodifiableMap(map);
    }

    static FunctionCatalog scan(String packageName) {
        List<FunctionDefinition> found = new ArrayList<>();
        for (Class<?> type : classesOf(packageName)) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name != null) {
                    found.add(new FunctionDefinition(name.value(), method, trigger(name.value(), method)));
                }
            }
        }
        found.sort(Comparator.comparing(FunctionDefinition::name));
        return new FunctionCatalog(found);
    }

    List<FunctionDefinition> all() {
        return List.copyOf(byLowerName.values());
    }

    /** Function names are case-insensitive in the host. */
    Optional<FunctionDefinition> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** HTTP functions in route precedence order (literal segments first), as the host tries them. */
    List<FunctionDefinition> httpInPrecedenceOrder() {
        return byLowerName.values().stream()
                .filter(f -> f.trigger() instanceof FunctionDefinition.Http)
                .sorted(Comparator.comparing((FunctionDefinition f) -> ((FunctionDefinition.Http) f.trigger()).route().precedence())
                        .thenComparing(FunctionDefinition::name))
                .toList();
    }

    private static FunctionDefinition.Trigger trigger(String functionName, Method method) {
        List<FunctionDefinition.Trigger> triggers = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            for (Annotation annotation : parameter.getAnnotations()) {
                if (annotation instanceof HttpTrigger http) {
                    String route = http.route().isBlank() ? functionName : http.route();
                    EnumSet<HttpMethod> methods = EnumSet.noneOf(HttpMethod.class);
                    methods.addAll(Arrays.asList(http.methods()));
                    triggers.add(new FunctionDefinition.Http(RouteTemplate.parse(route), methods, http.authLevel()));
                } else if (annotation instanceof EventGridTrigger) {
                    triggers.add(new FunctionDefinition.EventGrid());
                } else if (annotation instanceof TimerTrigger timer) {
                    triggers.add(new FunctionDefinition.Timer(timer.schedule()));
                }
            }
        }
        if (triggers.size() != 1) {
            throw new IllegalStateException(functionName + " (" + method + ") has " + triggers.size()
                    + " trigger annotations the local runner knows; a function has exactly one trigger");
        }
        return triggers.get(0);
    }

    private static List<Class<?>> classesOf(String packageName) {
        String folder = packageName.replace('.', '/');
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        TreeSet<String> classNames = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(folder))) {
                if (url.getProtocol().equals("file")) {
                    Path root = Paths.get(url.toURI());
                    try (Stream<Path> files = Files.list(root)) {
                        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                                .forEach(n -> classNames.add(packageName + "." + n.substring(0, n.length() - 6)));
                    }
                } else if (url.getProtocol().equals("jar")) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream().map(e -> e.getName())
                                .filter(n -> n.startsWith(folder + "/") && n.endsWith(".class") && n.indexOf('/', folder.length() + 1) < 0)
                                .forEach(n -> classNames.add(n.substring(0, n.length() - 6).replace('/', '.')));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the classes of " + packageName, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("could not list the classes of " + packageName, e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : classNames) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (Modifier.isPublic(type.getModifiers()) && !type.isInterface()) {
                    classes.add(type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("listed but not loadable: " + name, e);
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes found in package " + packageName + " on the classpath");
        }
        return classes;
    }
}
