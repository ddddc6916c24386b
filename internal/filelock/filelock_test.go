package filelock

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPath(t *testing.T) {
	assert.Equal(t, filepath.Join("a", "b", ".results.csv.lock"), Path(filepath.Join("a", "b", "results.csv")))
	assert.Equal(t, ".out.lock", Path("out"))
}

func TestTryLockTwiceInOneProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".r.csv.lock")
	first, err := TryLock(path)
	require.NoError(t, err)
	second, err := TryLock(path)
	require.ErrorIs(t, err, ErrLocked)
	assert.Nil(t, second)
	var le *LockedError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, path, le.Path)
	assert.Equal(t, os.Getpid(), le.PID, "the holder's pid is read from the lock file")
	assert.Contains(t, err.Error(), fmt.Sprintf("process %d holds the lock %s", os.Getpid(), path))

	require.NoError(t, first.Unlock())
	_, err = os.Stat(path)
	assert.True(t, os.IsNotExist(err), "Unlock removes the lock file")
	again, err := TryLock(path)
	require.NoError(t, err, "free again after Unlock")
	require.NoError(t, again.Unlock())
	require.NoError(t, again.Unlock(), "a second Unlock is a no-op")
	require.NoError(t, (*Lock)(nil).Unlock())
}

func TestWaitTakesTheLockWhenFreed(t *testing.T) {
	if staleLocks {
		t.Skip("the O_EXCL fallback does not wait")
	}
	path := filepath.Join(t.TempDir(), ".out.lock")
	first, err := TryLock(path)
	require.NoError(t, err)
	got := make(chan *Lock)
	go func() {
		l, err := Wait(path)
		assert.NoError(t, err)
		got <- l
	}()
	// The waiter cannot have the lock while first holds it: TryLock from
	// here still fails, whatever the waiter is doing.
	_, err = TryLock(path)
	require.ErrorIs(t, err, ErrLocked)
	require.NoError(t, first.Unlock())
	second := <-got
	require.NotNil(t, second)
	// The waiter holds a lock on the file now at path (not on the one
	// first removed): a third TryLock fails.
	_, err = TryLock(path)
	require.ErrorIs(t, err, ErrLocked)
	require.NoError(t, second.Unlock())
}

// holdEnv names the lock file the helper process takes.
const holdEnv = "ZEROPARK_FILELOCK_HOLD"

// TestHelperHold is not a test: TestTwoProcesses runs this test binary
// again with holdEnv set; it takes the lock, prints "locked" and holds it
// until its stdin is closed.
func TestHelperHold(t *testing.T) {
	path := os.Getenv(holdEnv)
	if path == "" {
		t.Skip("helper process of TestTwoProcesses")
	}
	l, err := TryLock(path)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := l.Unlock(); err != nil {
		fmt.Println("error:", err)
		os.Exit(4)
	}
	os.Exit(0)
}

// startHolder starts the helper process holding path and waits until it
// holds the lock.
func startHolder(t *testing.T, path string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHold$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked\n", line)
	return cmd, stdin
}

func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".results.csv.lock")
	cmd, stdin := startHolder(t, path)
	_, err := TryLock(path)
	require.ErrorIs(t, err, ErrLocked)
	var le *LockedError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, cmd.Process.Pid, le.PID, "the error names the other process")

	require.NoError(t, stdin.Close())
	require.NoError(t, cmd.Wait())
	l, err := TryLock(path)
	require.NoError(t, err, "free once the holder let go")
	require.NoError(t, l.Unlock())
}

// A holder that is killed cannot let go itself: the kernel does.
func TestKilledHolderFreesTheLock(t *testing.T) {
	if staleLocks || runtime.GOOS == "windows" {
		t.Skip("the O_EXCL fallback leaves the lock file of a killed holder")
	}
	path := filepath.Join(t.TempDir(), ".results.csv.lock")
	cmd, stdin := startHolder(t, path)
	defer stdin.Close()
	require.NoError(t, cmd.Process.Kill())
	err := cmd.Wait()
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "killed: %v", err)
	l, err := TryLock(path)
	require.NoError(t, err, "a killed holder leaves no stale lock")
	require.NoError(t, l.Unlock())
}
