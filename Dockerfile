# Builds and runs the service; used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY conversation-flows conversation-flows
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app tipline && mkdir -p /data && chown tipline /data
WORKDIR /app
# A heap that starts small, one GC thread, small stacks (bench/README.md: memory). Give a large
# embedded store more heap (-Xmx) by overriding this. TrimNativeHeapInterval hands the C heap that the
# start leaves free (the JIT's and class loading's scratch memory, about 35 MiB) back to the system.
# Two malloc arenas instead of 8 per core: fewer half-empty ones held by the service's threads.
ENV MALLOC_ARENA_MAX=2
ENV JAVA_TOOL_OPTIONS="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000"
COPY --from=build /src/target/tipline-*.jar /tmp/tipline.jar
# Unpacked (class-data sharing needs plain jars), then one training start that stops once the
# application context is up and archives the classes it loaded: later starts map them instead of
# loading them (about 4 s less on 2 cores; bench/README.md: start-up). JDK 17 crashes when JFR
# (-XX:StartFlightRecording) is added to a start with the archive: drop the archive to profile.
RUN java -Djarmode=tools -jar /tmp/tipline.jar extract --destination /app && rm /tmp/tipline.jar \
    && TIPLINE_DATA_DIR=/tmp/training java -XX:ArchiveClassesAtExit=/app/tipline.jsa -Dspring.context.exit=onRefresh \
        -jar /app/tipline.jar \
    && rm -rf /tmp/training
USER tipline
ENV TIPLINE_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/tipline.jsa", "-jar", "/app/tipline.jar"]
