package emulator

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// delivery is one event on its way to one app's webhook_url.
type delivery struct {
	contio.Delivery
	// clientID keys the app in the emulator's apps; its app id may differ.
	clientID      string
	nextAttemptAt time.Time
	finishedAt    *time.Time
	payload       []byte
}

// job is a delivery attempt prepared under mu and sent without it.
type job struct {
	d        *delivery
	attempts int // the delivery's attempt count when the job was taken
	url      string
	payload  []byte
}

// EmitReport says what EmitEvents recorded.
type EmitReport struct {
	// Recorded lists the ids of the deliveries created, in emission order.
	Recorded []string `json:"recorded"`
	// FilteredOut counts events the app's filter dropped: no delivery record.
	FilteredOut int `json:"filtered_out"`
	// Attempt is the outcome of the immediate attempts (webhooks enabled only).
	Attempt CycleReport `json:"attempt"`
}

// CycleReport counts the outcome of a batch of delivery attempts.
type CycleReport struct {
	Attempted int `json:"attempted"`
	Delivered int `json:"delivered"`
	Failed    int `json:"failed"`
	Abandoned int `json:"abandoned"`
	// AutoDisabled lists the client ids of the apps whose webhooks Contio
	// disabled after the batch.
	AutoDisabled []string `json:"auto_disabled"`
}

// EmitEvents makes Contio emit count events of each type for an app. Events
// the app's filter drops create no delivery. With webhooks enabled, the
// deliveries are attempted at once; disabled, they are recorded as pending.
func (e *Emulator) EmitEvents(ctx context.Context, clientID string, types []string, count int) (EmitReport, error) {
	count = max(count, 1)
	for _, t := range types {
		if !e.catalog.emits(t) {
			return EmitReport{}, newAPIError(http.StatusBadRequest, contio.CodeInvalidEventTypes, fmt.Sprintf("Contio emits no event of type %q", t))
		}
	}
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()

	e.mu.Lock()
	a, err := e.appLocked(clientID)
	if err != nil {
		e.mu.Unlock()
		return EmitReport{}, err
	}
	var rep EmitReport
	var jobs []job
	now := e.clock.Now()
	for range count {
		for _, t := range types {
			if !a.WebhookFilter.Passes(t) {
				rep.FilteredOut++
				continue
			}
			d := e.newDelivery(a, t, now)
			rep.Recorded = append(rep.Recorded, d.ID)
			if a.WebhookEnabled {
				jobs = append(jobs, job{d: d, attempts: d.Attempts, url: a.WebhookURL, payload: d.payload})
			}
		}
	}
	e.mu.Unlock()

	rep.Attempt = e.runJobs(ctx, jobs)
	return rep, nil
}

// newDelivery records a pending delivery. Callers hold mu.
func (e *Emulator) newDelivery(a *app, eventType string, now time.Time) *delivery {
	eventID := e.nextID("evt")
	payload, _ := json.Marshal(map[string]any{ // a map of strings always marshals
		"id": eventID, "type": eventType, "app_id": a.ID, "created_at": now, "data": map[string]any{},
	})
	d := &delivery{
		Delivery: contio.Delivery{
			ID: e.nextID("whd"), EventID: eventID, EventType: eventType,
			Status: contio.DeliveryPending, CreatedAt: now,
		},
		clientID:      a.clientID,
		nextAttemptAt: now,
		payload:       payload,
	}
	a.deliveries = append(a.deliveries, d)
	return d
}

// RunDeliveryCycle runs one delivery cycle now: for every app with webhooks
// enabled it attempts the queued (pending) deliveries and the failed ones whose
// retry is due, then applies the auto-disable rules to every app.
func (e *Emulator) RunDeliveryCycle(ctx context.Context) CycleReport {
	e.cycleMu.Lock()
	defer e.cycleMu.Unlock()

	e.mu.Lock()
	now := e.clock.Now()
	var jobs []job
	for _, a := range e.apps {
		if !a.WebhookEnabled {
			continue
		}
		for _, d := range a.deliveries {
			due := d.Status == contio.DeliveryPending || (d.Status == contio.DeliveryFailed && !d.nextAttemptAt.After(now))
			if due {
				jobs = append(jobs, job{d: d, attempts: d.Attempts, url: a.WebhookURL, payload: d.payload})
			}
		}
	}
	e.mu.Unlock()

	return e.runJobs(ctx, jobs)
}

// runJobs sends the jobs, records each outcome, then applies auto-disable.
// Callers hold cycleMu, not mu.
func (e *Emulator) runJobs(ctx context.Context, jobs []job) CycleReport {
	var rep CycleReport
	for _, j := range jobs {
		err := e.post(ctx, j)
		e.mu.Lock()
		e.recordAttempt(j, err, &rep)
		e.mu.Unlock()
	}
	e.mu.Lock()
	rep.AutoDisabled = e.applyAutoDisable()
	e.mu.Unlock()
	return rep
}

// post sends one webhook. Any 2xx within the timeout is a success.
func (e *Emulator) post(ctx context.Context, j job) error {
	if j.url == "" {
		return fmt.Errorf("the app has no webhook_url")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.url, bytes.NewReader(j.payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "contio-emulator-webhooks")
	req.Header.Set("X-Contio-Event-Type", j.d.EventType)
	req.Header.Set("X-Contio-Delivery-Id", j.d.ID)
	resp, err := e.opts.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}

// recordAttempt applies one attempt's outcome. Callers hold mu.
func (e *Emulator) recordAttempt(j job, err error, rep *CycleReport) {
	d := j.d
	a := e.apps[d.clientID]
	if a == nil || d.Attempts != j.attempts || (d.Status != contio.DeliveryPending && d.Status != contio.DeliveryFailed) {
		return // the delivery changed while the attempt was in flight (e.g. abandoned)
	}
	now := e.clock.Now()
	rep.Attempted++
	d.Attempts++
	d.LastAttemptAt = &now
	if err == nil {
		d.Status, d.LastError, d.finishedAt = contio.DeliveryDelivered, "", &now
		a.lastSuccessAt = &now
		a.failuresSinceSuccess = 0
		rep.Delivered++
		return
	}
	d.LastError = err.Error()
	a.failuresSinceSuccess++
	if d.Attempts > len(e.opts.RetrySchedule) {
		d.Status, d.finishedAt = contio.DeliveryAbandoned, &now
		a.abandonedSinceEnabled++
		rep.Abandoned++
		return
	}
	d.Status = contio.DeliveryFailed
	d.nextAttemptAt = now.Add(e.opts.RetrySchedule[d.Attempts-1])
	rep.Failed++
}

// applyAutoDisable disables webhooks for every app in the auto-disable rollout
// that meets either documented rule, notifies its primary contact, and returns the
// client ids of the apps it disabled (the control API's name for an app, also
// when its app id differs). Callers hold mu.
func (e *Emulator) applyAutoDisable() []string {
	now := e.clock.Now()
	var disabled []string
	for clientID, a := range e.apps {
		if !a.autoDisable || !a.WebhookEnabled {
			continue
		}
		var reason string
		ref := a.enabledAt
		if a.lastSuccessAt != nil && a.lastSuccessAt.After(ref) {
			ref = *a.lastSuccessAt
		}
		switch {
		case a.abandonedSinceEnabled >= AutoDisableAbandonedThreshold:
			reason = fmt.Sprintf("%d webhook deliveries were abandoned after exhausting retries", a.abandonedSinceEnabled)
		case now.Sub(ref) > AutoDisableSilencePeriod && a.failuresSinceSuccess > 0:
			reason = fmt.Sprintf("no successful delivery for more than %s and %d failed attempts are recorded", AutoDisableSilencePeriod, a.failuresSinceSuccess)
		default:
			continue
		}
		a.WebhookEnabled = false
		a.notifications = append(a.notifications, Notification{
			To:      a.PrimaryContactEmail,
			Subject: fmt.Sprintf("Contio disabled webhook delivery for %s", cmp.Or(a.Name, a.ID, clientID)),
			Reason:  reason,
			SentAt:  now,
			Sent:    a.PrimaryContactEmail != "",
		})
		disabled = append(disabled, clientID)
	}
	slices.Sort(disabled)
	return disabled
}
