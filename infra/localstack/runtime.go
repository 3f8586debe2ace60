package localstack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Function runs a built bootstrap the way Lambda does: as child processes
// that pull invocations from a Runtime API server of ours. Each process is one
// "instance" and handles one invocation at a time. Every instance has its own
// Runtime API listener, so the host knows which process holds an invocation:
// when that process dies the invocation fails at once (Runtime.ExitError), as
// Lambda reports a crashed environment, instead of waiting out the timeout.
type Function struct {
	Spec FunctionSpec
	log  *slog.Logger

	queue     chan *invocation
	mu        sync.Mutex
	pending   map[string]*invocation
	seq       atomic.Int64
	instances []*instance

	// OnInvoke, when set, is called as an instance takes an invocation, with
	// the instance's pid (fault tests kill it there). Set it before invoking.
	OnInvoke func(pid int, payload []byte)
	crashes  atomic.Int64
	grace    time.Duration // beyond the timeout, for queueing and init

	procs   []*exec.Cmd
	closing atomic.Bool
	wg      sync.WaitGroup

	// firstNext is when the first instance asked for work: the process's init
	// time, measured the way Lambda reports it.
	started   time.Time
	firstNext atomic.Int64
	ready     chan struct{}
	readyOnce sync.Once
}

type invocation struct {
	id       string
	payload  []byte
	deadline time.Time
	done     chan result
}

type result struct {
	body []byte
	err  error
}

// FunctionError is an error the function itself returned.
type FunctionError struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
}

func (e *FunctionError) Error() string { return e.Type + ": " + e.Message }

// instance is one execution environment: a Runtime API listener of its own
// and the process behind it (replaced when it dies).
type instance struct {
	f        *Function
	ln       net.Listener
	srv      *http.Server
	mu       sync.Mutex
	cmd      *exec.Cmd
	inflight map[string]*invocation
}

// StartFunction starts n instances of bootstrap, each with a Runtime API
// server.
func StartFunction(spec FunctionSpec, bootstrap string, env []string, n int, logOut io.Writer, log *slog.Logger) (*Function, error) {
	f := &Function{
		Spec:    spec,
		log:     log.With("function", spec.Name),
		queue:   make(chan *invocation),
		pending: map[string]*invocation{},
		ready:   make(chan struct{}),
		grace:   30 * time.Second,
	}
	full := append(os.Environ(), env...)
	for k, v := range spec.Env {
		full = append(full, k+"="+v)
	}
	full = append(full,
		"AWS_LAMBDA_FUNCTION_NAME="+spec.Name,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE="+strconv.Itoa(spec.Memory),
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_LOG_FORMAT=JSON",
	)
	f.started = time.Now()
	for i := 0; i < n; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("runtime API listener: %w", err)
		}
		in := &instance{f: f, ln: ln, inflight: map[string]*invocation{}}
		mux := http.NewServeMux()
		mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", in.next)
		mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", f.respond)
		mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", f.fail)
		mux.HandleFunc("POST /2018-06-01/runtime/init/error", f.initError)
		in.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go in.srv.Serve(ln)
		f.mu.Lock()
		f.instances = append(f.instances, in)
		f.mu.Unlock()
		if err := in.spawn(bootstrap, append(full, "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String()), logOut); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// spawn starts the instance's process and restarts it if it dies while the
// stack runs, as Lambda replaces a crashed execution environment. What the
// dead process held fails at once.
func (in *instance) spawn(bootstrap string, env []string, logOut io.Writer) error {
	f := in.f
	cmd := exec.Command(bootstrap)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logOut, logOut
	cmd.SysProcAttr = childAttrs()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", bootstrap, err)
	}
	in.mu.Lock()
	in.cmd = cmd
	in.mu.Unlock()
	f.mu.Lock()
	f.procs = append(f.procs, cmd)
	f.mu.Unlock()
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		err := cmd.Wait()
		in.mu.Lock()
		lost := in.inflight
		in.inflight = map[string]*invocation{}
		in.mu.Unlock()
		for id := range lost {
			if inv := f.forget(id); inv != nil {
				f.crashes.Add(1)
				inv.done <- result{err: &FunctionError{Type: "Runtime.ExitError",
					Message: fmt.Sprintf("RequestId: %s Error: Runtime exited: %v", id, err)}}
			}
		}
		if f.closing.Load() {
			return
		}
		f.log.Error("function instance exited; restarting", "error", fmt.Sprint(err), "invocations_failed", len(lost))
		time.Sleep(200 * time.Millisecond)
		if f.closing.Load() {
			return
		}
		if err := in.spawn(bootstrap, env, logOut); err != nil {
			f.log.Error("restart failed", "error", err.Error())
		}
	}()
	return nil
}

// Pids lists the instances' current processes.
func (f *Function) Pids() []int {
	f.mu.Lock()
	ins := append([]*instance(nil), f.instances...)
	f.mu.Unlock()
	var out []int
	for _, in := range ins {
		in.mu.Lock()
		if in.cmd != nil && in.cmd.Process != nil {
			out = append(out, in.cmd.Process.Pid)
		}
		in.mu.Unlock()
	}
	return out
}

// Busy lists the pids of instances holding an invocation now.
func (f *Function) Busy() []int {
	f.mu.Lock()
	ins := append([]*instance(nil), f.instances...)
	f.mu.Unlock()
	var out []int
	for _, in := range ins {
		in.mu.Lock()
		if len(in.inflight) > 0 && in.cmd != nil && in.cmd.Process != nil {
			out = append(out, in.cmd.Process.Pid)
		}
		in.mu.Unlock()
	}
	return out
}

// Crashes counts invocations failed because their instance died.
func (f *Function) Crashes() int { return int(f.crashes.Load()) }

// Ready is closed when the first instance has finished init.
func (f *Function) Ready() <-chan struct{} { return f.ready }

// InitDuration is the time from process start to the first next request.
func (f *Function) InitDuration() time.Duration { return time.Duration(f.firstNext.Load()) }

// Invoke runs one invocation and waits for its result, up to the function's
// timeout.
func (f *Function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	inv := &invocation{
		id:       fmt.Sprintf("%s-%08d", strings.ToLower(f.Spec.Name), f.seq.Add(1)),
		payload:  payload,
		deadline: time.Now().Add(time.Duration(f.Spec.Timeout) * time.Second),
		done:     make(chan result, 1),
	}
	timeout := time.NewTimer(time.Until(inv.deadline) + f.grace) // queueing + init
	defer timeout.Stop()
	select {
	case f.queue <- inv:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timeout.C:
		return nil, fmt.Errorf("%s: no instance took invocation %s", f.Spec.Name, inv.id)
	}
	select {
	case r := <-inv.done:
		return r.body, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timeout.C:
		// Lambda ends an environment whose invocation timed out: kill the
		// instance (it is replaced) rather than let it work on unseen.
		f.killHolder(inv.id)
		f.forget(inv.id)
		return nil, fmt.Errorf("%s: invocation %s timed out", f.Spec.Name, inv.id)
	}
}

// killHolder kills the process of the instance holding invocation id.
func (f *Function) killHolder(id string) {
	f.mu.Lock()
	ins := f.instances
	f.mu.Unlock()
	for _, in := range ins {
		in.mu.Lock()
		_, ok := in.inflight[id]
		cmd := in.cmd
		in.mu.Unlock()
		if ok && cmd != nil && cmd.Process != nil {
			f.log.Warn("invocation timed out; killing its instance", "requestId", id, "pid", cmd.Process.Pid)
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}
}

func (f *Function) forget(id string) *invocation {
	f.mu.Lock()
	inv := f.pending[id]
	delete(f.pending, id)
	ins := f.instances
	f.mu.Unlock()
	for _, in := range ins {
		in.mu.Lock()
		delete(in.inflight, id)
		in.mu.Unlock()
	}
	return inv
}

func (in *instance) next(w http.ResponseWriter, r *http.Request) {
	f := in.f
	f.readyOnce.Do(func() {
		f.firstNext.Store(int64(time.Since(f.started)))
		close(f.ready)
	})
	select {
	case inv := <-f.queue:
		f.mu.Lock()
		f.pending[inv.id] = inv
		f.mu.Unlock()
		in.mu.Lock()
		in.inflight[inv.id] = inv
		pid := 0
		if in.cmd != nil && in.cmd.Process != nil {
			pid = in.cmd.Process.Pid
		}
		in.mu.Unlock()
		if f.OnInvoke != nil {
			f.OnInvoke(pid, inv.payload)
		}
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:"+f.Spec.Name)
		h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, err := w.Write(inv.payload)
		if err == nil {
			err = http.NewResponseController(w).Flush()
		}
		if err != nil || r.Context().Err() != nil {
			// The instance went away as it was handed the invocation.
			if inv := f.forget(inv.id); inv != nil {
				f.crashes.Add(1)
				inv.done <- result{err: &FunctionError{Type: "Runtime.ExitError", Message: "instance gone before the invocation was delivered"}}
			}
		}
	case <-r.Context().Done():
	}
}

func (f *Function) respond(w http.ResponseWriter, r *http.Request) {
	// aws-lambda-go streams the body chunked; read it whole.
	body, err := io.ReadAll(r.Body)
	inv := f.forget(r.PathValue("id"))
	if inv == nil {
		http.Error(w, `{"errorMessage":"unknown request id"}`, http.StatusBadRequest)
		return
	}
	if err != nil {
		inv.done <- result{err: fmt.Errorf("read response: %w", err)}
	} else if t := r.Trailer.Get("Lambda-Runtime-Function-Error-Type"); t != "" {
		inv.done <- result{err: &FunctionError{Type: t, Message: r.Trailer.Get("Lambda-Runtime-Function-Error-Body")}}
	} else {
		inv.done <- result{body: body}
	}
	w.WriteHeader(http.StatusAccepted)
}

func (f *Function) fail(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	inv := f.forget(r.PathValue("id"))
	if inv == nil {
		http.Error(w, `{"errorMessage":"unknown request id"}`, http.StatusBadRequest)
		return
	}
	fe := &FunctionError{}
	if err := json.Unmarshal(body, fe); err != nil || fe.Message == "" {
		fe = &FunctionError{Type: "Unknown", Message: string(body)}
	}
	inv.done <- result{err: fe}
	w.WriteHeader(http.StatusAccepted)
}

func (f *Function) initError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.log.Error("function init failed", "body", string(body))
	w.WriteHeader(http.StatusAccepted)
}

// Close stops every instance (by pid, whole process group) and the server.
func (f *Function) Close() {
	f.closing.Store(true)
	f.mu.Lock()
	procs := f.procs
	f.mu.Unlock()
	for _, p := range procs {
		stopProcess(p)
	}
	f.mu.Lock()
	ins := f.instances
	f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, in := range ins {
		_ = in.srv.Shutdown(ctx)
		in.srv.Close()
	}
	f.wg.Wait()
}

// childAttrs puts a child in its own process group and asks the kernel to
// kill it if we die, so no server outlives the stack even on SIGKILL.
func childAttrs() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// stopProcess sends SIGTERM to the child's process group, then SIGKILL.
func stopProcess(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	pid := cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 50; i++ {
			if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
}
