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
// "instance" and handles one invocation at a time.
type Function struct {
	Spec FunctionSpec
	log  *slog.Logger

	ln      net.Listener
	srv     *http.Server
	queue   chan *invocation
	mu      sync.Mutex
	pending map[string]*invocation
	seq     atomic.Int64

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

// StartFunction starts the Runtime API server and n instances of bootstrap.
func StartFunction(spec FunctionSpec, bootstrap string, env []string, n int, logOut io.Writer, log *slog.Logger) (*Function, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runtime API listener: %w", err)
	}
	f := &Function{
		Spec:    spec,
		log:     log.With("function", spec.Name),
		ln:      ln,
		queue:   make(chan *invocation),
		pending: map[string]*invocation{},
		ready:   make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", f.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", f.respond)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", f.fail)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", f.initError)
	f.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(ln)

	full := append(os.Environ(), env...)
	for k, v := range spec.Env {
		full = append(full, k+"="+v)
	}
	full = append(full,
		"AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME="+spec.Name,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE="+strconv.Itoa(spec.Memory),
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_LOG_FORMAT=JSON",
	)
	f.started = time.Now()
	for i := 0; i < n; i++ {
		if err := f.spawn(bootstrap, full, logOut); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// spawn starts one instance and restarts it if it dies while the stack runs,
// as Lambda replaces a crashed execution environment.
func (f *Function) spawn(bootstrap string, env []string, logOut io.Writer) error {
	cmd := exec.Command(bootstrap)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logOut, logOut
	cmd.SysProcAttr = childAttrs()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", bootstrap, err)
	}
	f.mu.Lock()
	f.procs = append(f.procs, cmd)
	f.mu.Unlock()
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		err := cmd.Wait()
		if f.closing.Load() {
			return
		}
		f.log.Error("function instance exited; restarting", "error", fmt.Sprint(err))
		time.Sleep(200 * time.Millisecond)
		if err := f.spawn(bootstrap, env, logOut); err != nil {
			f.log.Error("restart failed", "error", err.Error())
		}
	}()
	return nil
}

// Ready is closed when the first instance has finished init.
func (f *Function) Ready() <-chan struct{} { return f.ready }

// InitDuration is the time from process start to the first next request.
func (f *Function) InitDuration() time.Duration { return time.Duration(f.firstNext.Load()) }

// Endpoint is the Runtime API address the instances use.
func (f *Function) Endpoint() string { return f.ln.Addr().String() }

// Invoke runs one invocation and waits for its result, up to the function's
// timeout.
func (f *Function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	inv := &invocation{
		id:       fmt.Sprintf("%s-%08d", strings.ToLower(f.Spec.Name), f.seq.Add(1)),
		payload:  payload,
		deadline: time.Now().Add(time.Duration(f.Spec.Timeout) * time.Second),
		done:     make(chan result, 1),
	}
	timeout := time.NewTimer(time.Until(inv.deadline) + 30*time.Second) // queueing + init
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
		f.forget(inv.id)
		return nil, fmt.Errorf("%s: invocation %s timed out", f.Spec.Name, inv.id)
	}
}

func (f *Function) forget(id string) *invocation {
	f.mu.Lock()
	defer f.mu.Unlock()
	inv := f.pending[id]
	delete(f.pending, id)
	return inv
}

func (f *Function) next(w http.ResponseWriter, r *http.Request) {
	f.readyOnce.Do(func() {
		f.firstNext.Store(int64(time.Since(f.started)))
		close(f.ready)
	})
	select {
	case inv := <-f.queue:
		f.mu.Lock()
		f.pending[inv.id] = inv
		f.mu.Unlock()
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
		h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:"+f.Spec.Name)
		h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write(inv.payload)
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
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = f.srv.Shutdown(ctx)
	f.srv.Close()
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
