import { setLogLevel } from "../src/shared/logger.js";

// Every in-process request writes a log line; a test that reads the log raises the level itself.
setLogLevel("warn");
