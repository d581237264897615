# Builds and runs the service; used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY conversation-flows conversation-flows
# -Paot: Spring AOT writes the bean definitions out as code (pom.xml); the classes stay Java 17.
RUN mvn -B -q -Paot -DskipTests package

FROM eclipse-temurin:25-jre
RUN useradd --system --home /app tipline && mkdir -p /data && chown tipline /data
WORKDIR /app
# A heap that starts small, one GC thread, small stacks (bench/README.md: memory). The young
# generation is fixed small (-Xmn24m): at idle it is what the heap keeps touched. The old generation
# may grow to -Xmx as data and garbage reach it; a full collection (a pause of a few hundred ms)
# comes only when it is full. The free ratios and -XX:-ShrinkHeapInSteps let the one collection the
# service asks for once its start-up work is done (HeapCompaction) hand the old generation that work
# touched back to the system, 20-35 MiB at idle; they change nothing else (the young generation is
# fixed, and the old one grows on promotion whatever its size). The code cache keeps the JDK's size:
# a smaller one makes JDK 25 run a full collection each time compiled code grows by 15% of it. The
# same rule (SweeperThreshold) with the JDK's code cache made one full collection, 350-400 ms with
# the old generation full of a burst's garbage, about two minutes into a burst, when the JIT had
# compiled 36 MiB: at 50% it waits for 120 MiB, which this service never compiles, and the code
# cache still frees cold code once only 10% of it is left. Give a large embedded store more heap
# (-Xmx) by overriding this. TrimNativeHeapInterval hands the C heap
# that the start leaves free (the JIT's and class loading's scratch memory, about 35 MiB) back to the
# system. Two malloc arenas
# instead of 8 per core: fewer half-empty ones held by the service's threads. Compact object headers
# (JDK 25) make objects smaller; the training start below must have them too.
ENV MALLOC_ARENA_MAX=2
ENV JAVA_TOOL_OPTIONS="-Xms32m -Xmx512m -Xmn24m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:-ShrinkHeapInSteps -XX:SweeperThreshold=50 -XX:MaxMetaspaceSize=160m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000 -XX:+UseCompactObjectHeaders"
COPY --from=build /src/target/tipline-*.jar /tmp/tipline.jar
# Unpacked (the AOT cache needs plain jars), then one training start that stops once the application
# context is up and writes an AOT cache (JEP 483, 514): the classes it loaded, linked, and method
# profiles; later starts map it. Spring AOT's code runs only with spring.aot.enabled. Both together
# bring health UP within 5 s on 2 cores (bench/README.md: start-up). The channels still follow the
# tokens given at run time: their beans decide when the context starts, not at build.
RUN java -Djarmode=tools -jar /tmp/tipline.jar extract --destination /app && rm /tmp/tipline.jar \
    && TIPLINE_DATA_DIR=/tmp/training java -XX:AOTCacheOutput=/app/tipline.aot -Dspring.aot.enabled=true \
        -Dspring.context.exit=onRefresh -jar /app/tipline.jar \
    && rm -rf /tmp/training
USER tipline
ENV TIPLINE_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:AOTCache=/app/tipline.aot", "-Dspring.aot.enabled=true", "-jar", "/app/tipline.jar"]
