"""Writes the grading example: assignment.ipynb, hidden-tests.ipynb, submissions/*.ipynb, expected-scores.csv.

    /usr/bin/python3 examples/grading/make_examples.py
"""
import nbformat as nbf, os, copy
D = os.path.dirname(os.path.abspath(__file__))
META = {"kernelspec": {"display_name": "Java (ThreadLab)", "language": "java", "name": "threadlab"},
        "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}}

def nb(cells):
    n = nbf.v4.new_notebook(); n.metadata = copy.deepcopy(META); n.cells = cells; return n
def md(s, **g): c = nbf.v4.new_markdown_cell(s); _g(c, g); return c
def code(s, **g): c = nbf.v4.new_code_cell(s); _g(c, g); return c
def _g(c, g):
    if g:
        meta = {"schema_version": 3, "grade": False, "solution": False, "locked": False}
        meta.update(g); c.metadata["nbgrader"] = meta

INTRO = md("""# Assignment: threads on the source patterns

Implement the four classes below. Hidden tests check the results **and** how your threads behave:
they must really run at the same time, leave no thread running, never deadlock, and give the same
result on every run. 16 points.

1. **Split sum** (4 pts): `SumTask.parallelSum(from, to, threads)` sums `from..to-1` in `threads` platform threads.
2. **Worker queue** (4 pts): `Pool.drain(queue, workers)` lets `workers` threads take every item off the queue and returns the sum of the items.
3. **Counter** (4 pts): `SafeCounter` with `increment()` and `get()`, safe to call from many threads.
4. **Bank** (4 pts): `Bank.transfer(from, to, amount)` moves money between two `Account`s; two threads transferring in opposite directions must not deadlock.""", grade_id="intro", locked=True)

ACCOUNT = code("""class Account {
    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();
    final int id = IDS.incrementAndGet();
    int balance;
    Account(int balance) { this.balance = balance; }
}""", grade_id="account", locked=True)

SUM_OK = """class SumTask {
    static long parallelSum(long from, long to, int threads) throws InterruptedException {
        long[] parts = new long[threads];
        Thread[] workers = new Thread[threads];
        long chunk = (to - from + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            final int k = t;
            final long lo = from + k * chunk, hi = Math.min(to, lo + chunk);
            workers[t] = new Thread(() -> { long s = 0; for (long i = lo; i < hi; i++) s += i; parts[k] = s; }, "summer-" + t);
            workers[t].start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) { workers[t].join(); total += parts[t]; }
        return total;
    }
}"""
SUM_SERIAL = """class SumTask {
    static long parallelSum(long from, long to, int threads) throws InterruptedException {
        long[] parts = new long[threads];
        long chunk = (to - from + threads - 1) / threads;
        long total = 0;
        for (int t = 0; t < threads; t++) {
            final int k = t;
            final long lo = from + k * chunk, hi = Math.min(to, lo + chunk);
            Thread worker = new Thread(() -> { long s = 0; for (long i = lo; i < hi; i++) s += i; parts[k] = s; }, "summer-" + t);
            worker.start();
            worker.join();              // waits for each thread before starting the next: serial!
            total += parts[t];
        }
        return total;
    }
}"""
POOL_OK = """class Pool {
    static long drain(BlockingQueue<Integer> queue, int workers) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<Long>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                parts.add(pool.submit(() -> { long s = 0; Integer item; while ((item = queue.poll()) != null) s += item; return s; }));
            }
            long total = 0;
            for (Future<Long> f : parts) total += f.get();
            return total;
        }
    }
}"""
POOL_LEAK = """class Pool {
    static long drain(BlockingQueue<Integer> queue, int workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);   // never shut down
        List<Future<Long>> parts = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            parts.add(pool.submit(() -> { long s = 0; Integer item; while ((item = queue.poll()) != null) s += item; return s; }));
        }
        long total = 0;
        for (Future<Long> f : parts) total += f.get();
        return total;
    }
}"""
COUNTER_OK = """class SafeCounter {
    private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
    void increment() { count.incrementAndGet(); }
    long get() { return count.get(); }
}"""
COUNTER_RACY = """class SafeCounter {
    private long count;
    void increment() { count++; }        // not atomic: read, add, write
    long get() { return count; }
}"""
BANK_OK = """class Bank {
    static void transfer(Account from, Account to, int amount) {
        Account first = from.id < to.id ? from : to, second = first == from ? to : from;   // one global lock order
        synchronized (first) {
            synchronized (second) {
                from.balance -= amount;
                to.balance += amount;
            }
        }
    }
}"""
BANK_DEADLOCK = """class Bank {
    static void transfer(Account from, Account to, int amount) throws InterruptedException {
        synchronized (from) {
            Thread.sleep(1);                 // "checking the balance"
            synchronized (to) {
                from.balance -= amount;
                to.balance += amount;
            }
        }
    }
}"""
DEMO = code("""System.out.println(SumTask.parallelSum(1, 101, 4));""")

def submission(sum_=SUM_OK, pool=POOL_OK, counter=COUNTER_OK, bank=BANK_OK, extra=None):
    cells = [INTRO, ACCOUNT,
             code(sum_, grade_id="sum", solution=True), code(pool, grade_id="pool", solution=True),
             code(counter, grade_id="counter", solution=True), code(bank, grade_id="bank", solution=True), DEMO]
    if extra: cells.append(extra)
    return nb(cells)

STUB = lambda name, sig: "class %s {\n    %s\n        // YOUR CODE HERE\n        throw new UnsupportedOperationException();\n    }\n}" % (name, sig)
assignment = nb([INTRO, ACCOUNT,
    code(STUB("SumTask", "static long parallelSum(long from, long to, int threads) throws InterruptedException {"), grade_id="sum", solution=True),
    code(STUB("Pool", "static long drain(BlockingQueue<Integer> queue, int workers) throws Exception {"), grade_id="pool", solution=True),
    code("class SafeCounter {\n    // YOUR CODE HERE\n    void increment() { }\n    long get() { return 0; }\n}", grade_id="counter", solution=True),
    code(STUB("Bank", "static void transfer(Account from, Account to, int amount) throws InterruptedException {"), grade_id="bank", solution=True),
    md("Try your code here; the hidden tests run after all your cells."), DEMO])
nbf.write(assignment, os.path.join(D, "assignment.ipynb"))

T_SUM = """%%junit --points 4 --partial-credit
@Test @Points(2)
void sumIsRight() throws Exception {
    assertEquals(499_999_500_000L, SumTask.parallelSum(0, 1_000_000, 4), "sum of 0..999999 with 4 threads");
    assertEquals(5050L, SumTask.parallelSum(1, 101, 3), "sum of 1..100 with 3 threads");
}

@Test @Points(2)
void runsConcurrently() throws Throwable {
    assertRanConcurrently(2, () -> SumTask.parallelSum(0, 100_000_000L, 4));
}"""
T_POOL = """%%junit --points 4 --partial-credit
static BlockingQueue<Integer> items(int n) {
    BlockingQueue<Integer> q = new LinkedBlockingQueue<>();
    for (int i = 1; i <= n; i++) q.add(i);
    return q;
}

@Test @Points(2)
void drainsEveryItem() throws Exception {
    BlockingQueue<Integer> q = items(10_000);
    assertEquals(50_005_000L, Pool.drain(q, 4), "sum of the items 1..10000");
    assertTrue(q.isEmpty(), "the queue should be empty afterwards");
}

@Test @Points(2)
void leavesNoThreadRunning() throws Throwable {
    assertNoThreadLeftBehind(() -> Pool.drain(items(1_000), 4));
}"""
T_COUNTER = """%%junit --points 4 --partial-credit
static long count(int threads, int each) throws InterruptedException {
    SafeCounter c = new SafeCounter();
    AtomicInteger ready = new AtomicInteger();
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
        ts.add(Thread.ofPlatform().start(() -> {
            ready.incrementAndGet();
            while (ready.get() < threads) Thread.onSpinWait();   // start incrementing together
            for (int i = 0; i < each; i++) c.increment();
        }));
    }
    for (Thread t : ts) t.join();
    return c.get();
}

@Test
void countsEveryIncrement() throws Exception {
    // races show up only when threads really run at the same time: keep trying for 1.5 s
    long until = System.nanoTime() + 1_500_000_000L;
    for (int run = 1; run <= 3 || System.nanoTime() < until; run++) {
        assertEquals(4_000_000L, count(4, 1_000_000), "4 threads x 1000000 increments, run " + run);
    }
}

@Test
void sameResultEveryRun() throws Exception {
    // the same result every run, and the right one: a counter that always says 0 is no counter
    assertEquals(4_000_000L, assertSameResult(10, () -> count(4, 1_000_000)));
}"""
T_BANK = """%%junit --points 4 --partial-credit
static int[] transferBothWays() throws Exception {
    Account a = new Account(100), b = new Account(100);
    AtomicReference<Exception> failed = new AtomicReference<>();   // what transfer threw is the test's failure
    Thread ab = new Thread(() -> { try { for (int i = 0; i < 2_000; i++) Bank.transfer(a, b, 1); } catch (Exception e) { failed.set(e); } }, "alice-to-bob");
    Thread ba = new Thread(() -> { try { for (int i = 0; i < 1_000; i++) Bank.transfer(b, a, 1); } catch (Exception e) { failed.set(e); } }, "bob-to-alice");
    ab.start(); ba.start(); ab.join(); ba.join();
    if (failed.get() != null) throw failed.get();
    return new int[] {a.balance, b.balance};
}

@Test
void noDeadlock() throws Throwable {
    assertFinishesWithin(Duration.ofSeconds(2), () -> transferBothWays());
}

@Test
void keepsTheMoney() throws Throwable {
    assertFinishesWithin(Duration.ofSeconds(2), () -> {
        int[] balances = transferBothWays();
        assertArrayEquals(new int[] {-900, 1100}, balances, "balances after 2000 transfers of 1 one way and 1000 the other");
    });
}"""
hidden = nb([md("# Hidden tests for the threads assignment (instructor only)\n\nEach `%%junit` cell is a graded test cell (nbgrader `grade: true`) worth 4 points, 2 per test (`--partial-credit`)."),
             code(T_SUM, grade_id="test_sum", grade=True, locked=True, points=4),
             code(T_POOL, grade_id="test_pool", grade=True, locked=True, points=4),
             code(T_COUNTER, grade_id="test_counter", grade=True, locked=True, points=4),
             code(T_BANK, grade_id="test_bank", grade=True, locked=True, points=4)])
# the instructor's reference solution plus the hidden tests (source notebook, nbgrader-style)
nbf.write(hidden, os.path.join(D, "hidden-tests.ipynb"))

S = os.path.join(D, "submissions")
nbf.write(submission(), os.path.join(S, "correct.ipynb"))
nbf.write(submission(counter=COUNTER_RACY), os.path.join(S, "racy.ipynb"))
nbf.write(submission(sum_=SUM_SERIAL), os.path.join(S, "serial.ipynb"))
nbf.write(submission(bank=BANK_DEADLOCK), os.path.join(S, "deadlocking.ipynb"))
nbf.write(submission(pool=POOL_LEAK), os.path.join(S, "leaking.ipynb"))
nbf.write(submission(extra=code('System.out.println("all done, bye");\nSystem.exit(0);')), os.path.join(S, "system-exit.ipynb"))
nbf.write(submission(extra=code('// wait for the results to come in\nnew CountDownLatch(1).await();')), os.path.join(S, "hanging.ipynb"))
nbf.write(assignment, os.path.join(S, "blank.ipynb"))   # the assignment as handed out earns nothing
with open(os.path.join(D, "expected-scores.csv"), "w") as f:
    f.write("student,score,max_score,why\n"
            "blank,0,16,the assignment as handed out\n"
            "correct,16,16,everything passes\n"
            "deadlocking,12,16,transfers deadlock: both bank tests fail with the lock cycle\n"
            "hanging,16,16,a cell never returns: it is stopped at its time limit and the hidden tests still run\n"
            "leaking,14,16,the pool is never shut down: its threads are left running\n"
            "racy,12,16,unsynchronized counter loses increments\n"
            "serial,14,16,each thread is joined before the next starts\n"
            "system-exit,16,16,a cell calls System.exit: as in a notebook, it ends only that cell, with an error\n")
